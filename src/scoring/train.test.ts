import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { join } from 'node:path'
import { sharedDataDir } from '../platform/shared-data.ts'
import { applyScorecard } from './apply.ts'
import { readCsvTable } from './csv-table.ts'
import { evaluateScorecard } from './evaluate.ts'
import { fitLogistic } from './logistic.ts'
import { auc } from './metrics.ts'
import { createRng } from './rng.ts'
import { parseScorecardModel } from './scorecard.model.ts'
import { splitTable } from './split.ts'
import type { Column, Table } from './table.ts'
import { trainScorecard } from './train.ts'

const GERMAN = join(sharedDataDir(), 'credit', 'german_credit_train.csv')

/** The plain benchmark: numeric columns as they are, categoricals one-hot (first training level as reference). */
function rawDesign(train: Table, rows: Table): Float64Array[] {
  const columns: Float64Array[] = []
  for (const c of train.columns) {
    const r = rows.columns.find((x) => x.name === c.name)!
    if (c.kind === 'numeric' && r.kind === 'numeric') columns.push(r.values)
    if (c.kind === 'categorical' && r.kind === 'categorical') {
      for (const level of c.levels.slice(1))
        columns.push(Float64Array.from(r.codes, (k) => (r.levels[k] === level ? 1 : 0)))
    }
  }
  return columns
}

function plainLogisticAuc(train: Table, test: Table): number {
  const fit = fitLogistic(rawDesign(train, train), train.target!.values)
  const x = rawDesign(train, test)
  const eta = new Float64Array(test.rowCount).map((_, i) =>
    x.reduce((s, c, j) => s + fit.coefficients[j + 1]! * c[i]!, fit.coefficients[0]!),
  )
  return auc(eta, test.target!.values)
}

describe('trainScorecard on German credit', () => {
  let german: Table
  before(async () => {
    german = await readCsvTable(GERMAN, { target: 'default' })
  })

  it('reads the data: 700 rows, 20 attributes, 30% bad', () => {
    assert.equal(german.rowCount, 700)
    assert.equal(german.columns.length, 20)
    assert.equal(
      german.target!.values.reduce((s, v) => s + v, 0),
      210,
    )
  })

  it('beats a plain logistic regression on the raw columns on held-out rows it never saw', (t) => {
    const { train, test } = splitTable(german, 0.3, 1)
    const model = trainScorecard(train, { test, split: { testShare: 0.3, seed: 1 } })
    const scorecard = evaluateScorecard(model, test).performance.auc
    assert.equal(model.card.performance.test!.auc, scorecard)
    const plain = plainLogisticAuc(train, test)
    t.diagnostic(
      `held-out AUC (seed 1, ${test.rowCount} rows): scorecard ${scorecard.toFixed(4)}, plain logistic ${plain.toFixed(4)}`,
    )
    assert.ok(scorecard >= plain - 1e-12, `scorecard ${scorecard} < plain logistic ${plain}`)
  })

  it('beats it on average over ten seeded splits', (t) => {
    let sc = 0
    let plain = 0
    let wins = 0
    for (let seed = 1; seed <= 10; seed++) {
      const { train, test } = splitTable(german, 0.3, seed)
      const a = evaluateScorecard(trainScorecard(train), test).performance.auc
      const b = plainLogisticAuc(train, test)
      sc += a / 10
      plain += b / 10
      if (a >= b) wins++
    }
    t.diagnostic(
      `mean held-out AUC over 10 splits: scorecard ${sc.toFixed(4)}, plain logistic ${plain.toFixed(4)}; scorecard ahead in ${wins}/10`,
    )
    assert.ok(sc >= plain - 1e-12)
  })

  it('drops a column that separates the outcome before it drops any for a wrong sign', () => {
    const leak: Column = {
      kind: 'numeric',
      name: 'default2',
      values: Float64Array.from(german.target!.values),
    }
    const plain = trainScorecard(german, { name: 'plain' })
    const leaked = trainScorecard({ ...german, columns: [...german.columns, leak] }, { name: 'leaked' })
    assert.deepEqual(leaked.card.dropped.find((d) => d.name === 'default2')?.reason, 'separated')
    assert.deepEqual(
      leaked.attributes.map((a) => a.name).sort(),
      plain.attributes.map((a) => a.name).sort(),
      'the copy of the target costs no good attribute',
    )
  })

  it('writes a model card that survives JSON and scores the same after the round trip', () => {
    const { train, test } = splitTable(german, 0.3, 2)
    const model = trainScorecard(train, {
      test,
      name: 'german',
      segment: 'thin-file',
      createdAt: new Date('2024-05-01T00:00:00Z'),
    })
    const again = parseScorecardModel(JSON.parse(JSON.stringify(model)))
    assert.deepEqual(again, model)
    assert.deepEqual(applyScorecard(again, test).score, applyScorecard(model, test).score)
    assert.equal(model.segment, 'thin-file')
    assert.equal(model.createdAt, '2024-05-01T00:00:00.000Z')
    assert.equal(model.card.candidates.length, 20)
    assert.equal(model.card.data.trainRows + model.card.data.testRows, 700)
    const names = new Set(model.attributes.map((a) => a.name))
    for (const c of model.card.candidates) assert.equal(c.selected, names.has(c.name))
    for (const d of model.card.dropped) assert.ok(!names.has(d.name) && d.detail.length > 0)
    assert.equal(model.card.dropped.length + model.attributes.length, 20)
    for (const a of model.attributes) {
      assert.ok(a.coefficient > 0, `${a.name} has coefficient ${a.coefficient}`)
      assert.ok(a.iv >= 0.02)
    }
  })
})

/** Two correlated attributes where the second's effect reverses once the first is known. */
function suppression(n: number, seed: number, noise = 0): Table {
  const rng = createRng(seed)
  const columns: Column[] = []
  const x1 = new Float64Array(n)
  const x2 = new Float64Array(n)
  const y = new Uint8Array(n)
  const noises = Array.from({ length: noise }, () => new Float64Array(n))
  for (let i = 0; i < n; i++) {
    const z1 = rng.normal()
    const z2 = rng.normal()
    x1[i] = z1
    x2[i] = 0.6 * z1 + 0.8 * z2
    y[i] = rng.next() < 1 / (1 + Math.exp(-(-1 + 2 * x1[i]! - 0.9 * x2[i]!))) ? 1 : 0
    for (const c of noises) c[i] = rng.normal()
  }
  columns.push({ kind: 'numeric', name: 'x1', values: x1 }, { kind: 'numeric', name: 'x2', values: x2 })
  noises.forEach((values, k) => columns.push({ kind: 'numeric', name: `noise${k}`, values }))
  return { rowCount: n, columns, target: { name: 'y', values: y, bad: '1', good: '0' } }
}

describe('trainScorecard', () => {
  it('drops an attribute whose coefficient has the wrong sign, refits, and says so in the card', () => {
    const model = trainScorecard(suppression(20_000, 9))
    const x2 = model.card.dropped.find((d) => d.name === 'x2')
    assert.equal(x2?.reason, 'wrong_sign')
    assert.deepEqual(
      model.attributes.map((a) => a.name),
      ['x1'],
    )
    assert.ok(model.attributes[0]!.coefficient > 0)
    assert.equal(model.card.candidates.find((c) => c.name === 'x2')?.selected, false)
  })

  it('drops an attribute whose coefficient runs away after a bin with no bads, so no bin outweighs the scale', () => {
    // One row in twenty has x = 1 and is never bad: the fit would keep raising x's coefficient (found by probing
    // bureau training, where one such bin was worth +1,055 points).
    const rng = createRng(3)
    const n = 2000
    const z = new Float64Array(n)
    const x = new Float64Array(n)
    const y = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      z[i] = rng.next() * 10
      x[i] = i % 20 === 0 ? 1 : 0
      y[i] = rng.next() < (x[i] === 1 ? 0 : 0.05 + z[i]! / 20) ? 1 : 0
    }
    const table: Table = {
      rowCount: n,
      columns: [
        { kind: 'numeric', name: 'z', values: z },
        { kind: 'numeric', name: 'x', values: x },
      ],
      target: { name: 'y', values: y, bad: '1', good: '0' },
    }
    const model = trainScorecard(table)
    const dropped = model.card.dropped.find((d) => d.name === 'x')
    assert.equal(dropped?.reason, 'separated')
    assert.match(dropped.detail, /coefficient \d+\.\d+ on its WoE, above 4/)
    assert.deepEqual(
      model.attributes.map((a) => [a.name, a.coefficient < 4]),
      [['z', true]],
    )
  })

  it('drops insignificant attributes one at a time when a p-value limit is set', () => {
    const model = trainScorecard(suppression(5_000, 4, 4), { selection: { minIv: 0 }, maxPValue: 0.01 })
    for (const a of model.attributes) assert.ok(a.pValue! <= 0.01, `${a.name} p ${a.pValue}`)
    assert.ok(model.card.dropped.some((d) => d.reason === 'insignificant' || d.reason === 'wrong_sign'))
    assert.ok(model.attributes.some((a) => a.name === 'x1'))
  })

  it('refuses data without a target, and data where no attribute carries information', () => {
    const t = suppression(1000, 1)
    assert.throws(() => trainScorecard({ rowCount: t.rowCount, columns: t.columns }), /target/)
    assert.throws(() => trainScorecard(t, { selection: { minIv: 100 } }), /no attribute reaches/)
  })
})

describe('selectAttributes', () => {
  it('drops the weaker of two attributes whose WoE columns correlate beyond the limit, naming the stronger', () => {
    const base = suppression(10_000, 3)
    const x1 = base.columns[0]!
    const rng = createRng(8)
    const copy = Float64Array.from(x1.kind === 'numeric' ? x1.values : [], (v) => v + 0.2 * rng.normal())
    const table: Table = { ...base, columns: [x1, { kind: 'numeric', name: 'x1_noisy', values: copy }] }
    const model = trainScorecard(table)
    const d = model.card.dropped.find((x) => x.name === 'x1_noisy')
    assert.equal(d?.reason, 'correlated')
    assert.match(d.detail, /with x1 /)
    const loose = trainScorecard(table, { selection: { maxCorrelation: 0.999 } })
    assert.ok(loose.card.dropped.every((x) => x.reason !== 'correlated'))
  })
})
