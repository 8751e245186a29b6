import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hashEvent } from './audit.hash.ts'
import { GENESIS_HASH, type AuditRecord, type ChainResult } from './audit.model.ts'
import { ChainVerifier } from './audit.verifier.ts'

function chain(n: number): AuditRecord[] {
  const out: AuditRecord[] = []
  for (let seq = 1; seq <= n; seq++) {
    const fields = {
      seq,
      occurredAt: `2025-03-01T10:00:${String(seq % 60).padStart(2, '0')}.000000Z`,
      actor: { kind: 'system' as const, id: 'retention' },
      action: 'tradeline.purged',
      consumerKey: null,
      target: `tl-${seq}`,
      purpose: null,
      outcome: 'done' as const,
      reason: null,
      details: {},
      prevHash: out.at(-1)?.hash ?? GENESIS_HASH,
      salt: null,
    }
    out.push({ ...fields, hash: hashEvent(fields), mac: null })
  }
  return out
}

// The rows as a table would return them after the events at a and b traded seq numbers.
function swapped(log: AuditRecord[], a: number, b: number): AuditRecord[] {
  return log.map((r) =>
    r.seq === a ? { ...log[b - 1]!, seq: a } : r.seq === b ? { ...log[a - 1]!, seq: b } : r,
  )
}

function verify(rows: AuditRecord[], window?: number): ChainResult {
  const last = rows.at(-1)!
  const v = new ChainVerifier({
    start: { seq: 0, hash: GENESIS_HASH },
    head: { seq: last.seq, hash: last.hash },
    window,
  })
  for (const r of rows) v.push(r)
  return v.finish()
}

const problemsOf = (r: ChainResult) => (r.ok ? [] : r.problems.map((p) => [p.seq, p.kind]))

describe('ChainVerifier', () => {
  it('recognises a reordering only within its window, and calls a farther one an edit', () => {
    const log = chain(40)
    assert.deepEqual(problemsOf(verify(swapped(log, 5, 30), 30)), [
      [5, 'reordered'],
      [30, 'reordered'],
    ])
    const far = problemsOf(verify(swapped(log, 5, 30), 4))
    assert.deepEqual(
      far.filter(([, kind]) => kind === 'edited'),
      [
        [5, 'edited'],
        [30, 'edited'],
      ],
    )
    assert.ok(far.every(([, kind]) => kind !== 'reordered'))
  })

  it('reports a seq that is stored twice', () => {
    const log = chain(4)
    const result = verify([...log.slice(0, 3), log[2]!, log[3]!])
    assert.deepEqual(problemsOf(result), [[3, 'broken_link']])
    assert.equal(result.events, 5)
  })

  it('accepts an empty log at the genesis head', () => {
    const v = new ChainVerifier({
      start: { seq: 0, hash: GENESIS_HASH },
      head: { seq: 0, hash: GENESIS_HASH },
    })
    assert.deepEqual(v.finish(), { ok: true, events: 0, head: { seq: 0, hash: GENESIS_HASH } })
  })
})
