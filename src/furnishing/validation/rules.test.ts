import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Metro2Issue } from '../../metro2/index.ts'
import { RULE_CASES } from './rule-cases.ts'
import { VALIDATION_RULES } from './rules.ts'

const rulesOf = (issues: readonly Metro2Issue[]) => issues.map((i) => i.rule)

describe('VALIDATION_RULES', () => {
  it('gives every rule a unique id, a severity and a description', () => {
    const ids = VALIDATION_RULES.map((r) => r.id)
    assert.equal(new Set(ids).size, ids.length)
    for (const rule of VALIDATION_RULES) {
      assert.match(rule.id, /^(code|required|cross|mom|file)\.[a-z0-9_.]+$/)
      assert.ok(rule.severity === 'error' || rule.severity === 'warning')
      assert.ok(rule.description.length > 10, rule.id)
    }
  })

  it('has at least one breaking case for every rule, which emits that rule', async () => {
    const uncovered: string[] = []
    for (const rule of VALIDATION_RULES) {
      const cases = RULE_CASES.filter((c) => c.rule === rule.id)
      const emitted = await Promise.all(cases.map(async (c) => rulesOf(await c.breaks()).includes(rule.id)))
      if (!emitted.includes(true)) uncovered.push(rule.id)
    }
    assert.deepEqual(uncovered, [], `rules without a breaking case: ${uncovered.join(', ')}`)
  })

  it('has no case for a rule outside the catalogue', () => {
    const ids = new Set(VALIDATION_RULES.map((r) => r.id))
    assert.deepEqual(
      RULE_CASES.filter((c) => !ids.has(c.rule)).map((c) => c.rule),
      [],
    )
  })
})

describe('each validation rule', () => {
  for (const c of RULE_CASES) {
    it(`${c.rule}: flags ${c.name}`, async () => {
      const issues = await c.breaks()
      const found = issues.filter((i) => i.rule === c.rule)
      assert.ok(found.length > 0, `expected ${c.rule}, got ${JSON.stringify(rulesOf(issues))}`)
      const severity = VALIDATION_RULES.find((r) => r.id === c.rule)?.severity
      for (const i of found) {
        assert.equal(i.severity, severity)
        assert.ok(i.message.length > 20)
      }
    })
    it(`${c.rule}: passes the nearby valid variant of ${c.name}`, async () => {
      const issues = await c.passes()
      assert.deepEqual(
        issues.filter((i) => i.rule === c.rule),
        [],
      )
    })
  }
})
