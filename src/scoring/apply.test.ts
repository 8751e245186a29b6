import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { applyScorecard } from './apply.ts'
import { compileScorecard } from './compile-scorecard.ts'
import { scoreRecord } from './score-record.ts'
import { tableFromCsv } from './csv-table.ts'
import { createRng } from './rng.ts'
import type { Table } from './table.ts'
import { trainScorecard } from './train.ts'

function creditTable(n: number, seed: number): Table {
  const rng = createRng(seed)
  const lines = ['months,grade,inquiries,bad']
  for (let i = 0; i < n; i++) {
    const months = Math.floor(rng.next() * 120)
    const grade = ['A', 'B', 'C', 'D'][rng.int(4)]!
    const inquiries = rng.int(6)
    const eta = -1 - months / 60 + 'ABCD'.indexOf(grade) * 0.5 + inquiries * 0.3
    const missing = rng.next() < 0.05
    lines.push(
      `${missing ? 'NA' : months},${grade},${inquiries},${rng.next() < 1 / (1 + Math.exp(-eta)) ? 1 : 0}`,
    )
  }
  return tableFromCsv(lines.join('\n'), { target: 'bad', kinds: { grade: 'categorical' } })
}

describe('applyScorecard', () => {
  const model = trainScorecard(creditTable(4000, 1))
  const compiled = compileScorecard(model)

  it('scores every row as scoreRecord does, reasons and improvements included', () => {
    const t = creditTable(500, 2)
    const scored = applyScorecard(compiled, t)
    for (let i = 0; i < t.rowCount; i++) {
      const record: Record<string, string | number | null> = {}
      for (const c of t.columns) {
        record[c.name] =
          c.kind === 'numeric' ? (Number.isNaN(c.values[i]!) ? null : c.values[i]!) : c.levels[c.codes[i]!]!
      }
      const one = scoreRecord(compiled, record)
      assert.equal(scored.score[i], one.score)
      assert.equal(scored.probabilityDefault[i], one.probabilityDefault)
      assert.deepEqual(scored.reasons(i), one.reasons)
      assert.deepEqual(
        scored.reasonCodes(i),
        one.reasons.map((r) => r.code),
      )
    }
  })

  it('keeps points and probability consistent: the score falls as the probability of default rises', () => {
    const t = creditTable(2000, 3)
    const s = applyScorecard(compiled, t)
    for (let i = 0; i < t.rowCount; i++) {
      for (let k = i + 1; k < Math.min(t.rowCount, i + 5); k++) {
        // Rounding of points may tie or swap scores only when the probabilities are close.
        if (s.probabilityDefault[i]! > s.probabilityDefault[k]! * 1.2) assert.ok(s.score[i]! <= s.score[k]!)
      }
    }
  })

  it('reads a categorical attribute from a numeric column by its text, and refuses text for a numeric one', () => {
    const asNumbers = tableFromCsv('months,grade,inquiries\n10,1,2\n', {})
    assert.equal(asNumbers.columns[1]!.kind, 'numeric')
    const s = applyScorecard(compiled, asNumbers)
    assert.equal(s.score[0], scoreRecord(compiled, { months: 10, grade: '1', inquiries: 2 }).score)
    const asText = tableFromCsv('months,grade,inquiries\nten,A,2\n', {})
    assert.throws(() => applyScorecard(compiled, asText), /months must be numeric/)
    assert.throws(
      () => applyScorecard(compiled, tableFromCsv('months,grade\n1,A\n')),
      /no column "inquiries"/,
    )
  })

  it('refuses an infinite attribute, which fell past the last bin into a NaN score, and reads NaN as missing', () => {
    for (const months of [Number.POSITIVE_INFINITY, '1e400'])
      assert.throws(
        () => scoreRecord(compiled, { months, grade: '1', inquiries: 2 }),
        /attribute months must be a (finite )?number/,
      )
    const missing = scoreRecord(compiled, { months: null, grade: '1', inquiries: 2 })
    assert.equal(scoreRecord(compiled, { months: Number.NaN, grade: '1', inquiries: 2 }).score, missing.score)
  })
})
