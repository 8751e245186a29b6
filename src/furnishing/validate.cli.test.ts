import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { cfpbPath, withTrailer } from './validation/cfpb-files.ts'
import { INGEST_RULES, RULE_CATALOGUE } from './ingest-rules.ts'
import { VALIDATION_RULES } from './validation/index.ts'

const ROOT = join(import.meta.dirname, '../..')

function openbureau(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/openbureau.mjs', ...args], { cwd: ROOT, encoding: 'utf8' })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

let dir: string
let clean: string

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'openbureau-validate-'))
  clean = join(dir, 'jan-2018-with-trailer.txt')
  writeFileSync(clean, await withTrailer('jan-2018.txt'))
})
after(() => rmSync(dir, { recursive: true, force: true }))

describe('openbureau metro2 validate', () => {
  it('exits 0 and prints the report as JSON with exactly the promised keys for a file without errors', () => {
    const run = openbureau('metro2', 'validate', clean, '--json', '--today', '2024-06-01')
    assert.equal(run.code, 0, run.stderr)
    const report = JSON.parse(run.stdout) as Record<string, unknown> & { trailer: Record<string, unknown> }
    assert.deepEqual(Object.keys(report), [
      'records',
      'accepted',
      'rejected',
      'warnings',
      'issues',
      'trailer',
    ])
    assert.deepEqual(Object.keys(report.trailer), ['declared', 'counted', 'mismatches'])
    assert.deepEqual(
      [report.records, report.accepted, report.rejected, report.warnings, report.issues],
      [2, 2, 0, 0, []],
    )
    assert.deepEqual(report.trailer.declared, report.trailer.counted)
    assert.deepEqual(report.trailer.mismatches, [])
  })

  it('exits 1 and lists the issue with its place when the file has errors', () => {
    const run = openbureau('metro2', 'validate', cfpbPath('jan-2018.txt'), '--json', '--today', '2024-06-01')
    assert.equal(run.code, 1, run.stderr)
    const report = JSON.parse(run.stdout) as {
      issues: { rule: string; severity: string; line: number; offset: number }[]
      trailer: { declared: unknown }
    }
    assert.deepEqual(
      report.issues.map((i) => [i.rule, i.severity, i.line]),
      [['file.trailer_missing', 'error', 3]],
    )
    assert.equal(report.trailer.declared, null)
  })

  it('measures future dates against --today', () => {
    const run = openbureau('metro2', 'validate', clean, '--json', '--today', '2018-01-15')
    assert.equal(run.code, 1)
    const report = JSON.parse(run.stdout) as { issues: { rule: string; field: string; recordNo: number }[] }
    assert.deepEqual(
      report.issues.filter((i) => i.rule === 'cross.future_date').map((i) => [i.recordNo, i.field]),
      [
        // The header's Activity Date and Date Created (2018-01-31, 2018-02-01): no record number.
        [undefined, 'activityDate'],
        [undefined, 'dateCreated'],
        [1, 'dateAccountInformation'],
        [1, 'dateFirstDelinquency'],
        [2, 'dateAccountInformation'],
        [2, 'dateLastPayment'],
      ],
    )
  })

  it('prints a readable summary, the trailer totals that differ, and an issue table', () => {
    const run = openbureau('metro2', 'validate', cfpbPath('m2_file_small.txt'), '--today', '2024-06-01')
    assert.equal(run.code, 1, run.stderr)
    const lines = run.stdout.split('\n')
    assert.match(
      lines[0] ?? '',
      /m2_file_small\.txt: 3 records, 0 accepted, 3 rejected; \d+ errors, \d+ warnings$/,
    )
    assert.match(lines[1] ?? '', /^trailer: \d+ totals differ from the file$/)
    assert.ok(lines.some((l) => /^\s+totalBaseRecords\s+564618\s+3$/.test(l)))
    assert.ok(
      lines.some((l) => /^RECORD\s+LINE\s+ACCOUNT\s+SEGMENT\s+FIELD\s+SEVERITY\s+RULE\s+MESSAGE$/.test(l)),
    )
    assert.ok(
      lines.some((l) =>
        /^1\s+2\s+ACCTNUMBER1\s+base\s+paymentRating\s+error\s+code\.payment_rating_presence\s/.test(l),
      ),
    )
  })

  it('exits 2 with one line and no stack trace when the input is not Metro 2', () => {
    const notMetro2 = join(dir, 'notes.txt')
    writeFileSync(notMetro2, 'these are meeting notes, not a credit file\n'.repeat(20))
    const run = openbureau('metro2', 'validate', notMetro2)
    assert.equal(run.code, 2)
    assert.equal(run.stdout, '')
    assert.match(run.stderr, /^openbureau: \S/)
    assert.equal(run.stderr.trim().split('\n').length, 1)
    assert.doesNotMatch(run.stderr, /\n\s+at /)
  })

  it('exits 2 when the file cannot be read', () => {
    const run = openbureau('metro2', 'validate', join(dir, 'missing.txt'))
    assert.equal(run.code, 2)
    assert.match(run.stderr, /^openbureau: cannot read .*missing\.txt/)
  })
})

describe('openbureau metro2 rules', () => {
  it('prints the whole catalogue, syntax, validation and ingestion rules, as JSON', () => {
    const run = openbureau('metro2', 'rules', '--json')
    assert.equal(run.code, 0, run.stderr)
    const rules = JSON.parse(run.stdout) as { id: string; severity: string; description: string }[]
    assert.deepEqual(rules, JSON.parse(JSON.stringify(RULE_CATALOGUE)))
    const ids = new Set(rules.map((r) => r.id))
    assert.ok(ids.has('syntax.numeric'))
    for (const r of [...VALIDATION_RULES, ...INGEST_RULES]) assert.ok(ids.has(r.id), r.id)
  })

  it('prints one line per rule in columns', () => {
    const run = openbureau('metro2', 'rules')
    assert.equal(run.code, 0, run.stderr)
    const lines = run.stdout.trim().split('\n')
    assert.equal(lines.length, RULE_CATALOGUE.length + 1)
    assert.ok(lines.some((l) => /^mom\.reaging\s+error\s+The DOFD/.test(l)))
  })
})
