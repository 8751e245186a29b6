// Scorecard benchmark: training on 1,000,000 rows x 30 attributes (synthetic, with real signal, missing
// values, rare levels, correlated and useless attributes) and scoring throughput with reasons.
// Targets: training under 30 s, scoring over 1,000,000 rows/s, in process.
// Run alone: node --import tsx --expose-gc bench/scoring.bench.ts
import { pathToFileURL } from 'node:url'
import {
  applyScorecard,
  compileScorecard,
  createRng,
  trainScorecard,
  type Column,
  type Table,
} from '../src/scoring/index.ts'

export interface BenchResult {
  name: string
  value: number
  unit: string
  note?: string
}

/** 22 numeric and 8 categorical attributes; bads drawn from a logistic model of a subset of them. */
export function syntheticCreditTable(rows: number, seed: number): Table {
  const rng = createRng(seed)
  const columns: Column[] = []
  const eta = new Float64Array(rows).fill(-2.2)
  const numeric = (name: string, draw: () => number, effect: (x: number) => number, missingShare = 0) => {
    const values = new Float64Array(rows)
    for (let i = 0; i < rows; i++) {
      const x = draw()
      eta[i] = eta[i]! + effect(x)
      values[i] = rng.next() < missingShare ? Number.NaN : x
    }
    columns.push({ kind: 'numeric', name, values })
    return values
  }
  const categorical = (name: string, effects: number[], weights: number[]) => {
    const total = weights.reduce((s, w) => s + w, 0)
    const codes = new Int32Array(rows)
    for (let i = 0; i < rows; i++) {
      let u = rng.next() * total
      let k = 0
      while (k < weights.length - 1 && u >= weights[k]!) u -= weights[k++]!
      codes[i] = k
      eta[i] = eta[i]! + effects[k]!
    }
    columns.push({ kind: 'categorical', name, codes, levels: effects.map((_, k) => `${name}_${k}`) })
  }
  const poisson = (mean: number) => () => {
    let k = 0
    for (let p = rng.next(); p > Math.exp(-mean); p *= rng.next()) k++
    return k
  }
  const utilization = numeric(
    'utilization',
    () => Math.min(1.5, Math.max(0, 0.4 + 0.3 * rng.normal())),
    (x) => 1.6 * x - 0.6,
    0.03,
  )
  numeric('delinquencies_24m', poisson(0.4), (x) => 0.7 * x)
  numeric('inquiries_6m', poisson(1.2), (x) => 0.25 * x)
  numeric(
    'history_months',
    () => Math.floor(Math.exp(3.5 + 0.8 * rng.normal())),
    (x) => -0.25 * Math.log1p(x),
    0.05,
  )
  numeric(
    'income',
    () => Math.round(Math.exp(10.3 + 0.5 * rng.normal())),
    (x) => -0.4 * (Math.log(x) - 10.3),
  )
  numeric(
    'balance',
    () => Math.round(Math.exp(8 + rng.normal())),
    (x) => 0.3 * (Math.log1p(x) - 8),
  )
  numeric('open_accounts', poisson(4), (x) => -0.12 * x)
  numeric(
    'age',
    () => Math.round(18 + 50 * rng.next()),
    (x) => (x < 25 ? 0.6 : x > 60 ? 0.3 : 0),
  )
  numeric(
    'months_since_delinquency',
    () => Math.floor(120 * rng.next()),
    (x) => -0.01 * x,
    0.4,
  )
  numeric(
    'payment_ratio',
    () => rng.next(),
    (x) => -0.8 * x,
  )
  numeric(
    'limit',
    () => Math.round(Math.exp(8.5 + 0.7 * rng.normal())),
    (x) => -0.35 * (Math.log1p(x) - 8.5),
  )
  numeric('installments', poisson(2), (x) => 0.15 * x)
  // Nearly a copy of utilization: the correlation filter should drop one of them.
  const copy = new Float64Array(rows)
  for (let i = 0; i < rows; i++) copy[i] = utilization[i]! + 0.05 * rng.normal()
  columns.push({ kind: 'numeric', name: 'utilization_alt', values: copy })
  for (let k = 0; k < 9; k++)
    numeric(
      `noise_${k}`,
      () => rng.normal(),
      () => 0,
      k === 0 ? 0.1 : 0,
    )
  categorical('housing', [-0.3, 0.1, 0.3, 0.2], [50, 30, 15, 5])
  categorical('employment', [-0.4, -0.1, 0.2, 0.5, 0.6], [35, 30, 20, 10, 5])
  categorical('product', [0, 0.2, 0.4, -0.2, 0.3, 0.8], [30, 25, 20, 15, 8, 2])
  categorical(
    'region',
    [0.1, -0.1, 0.2, -0.2, 0, 0, 0.4, -0.3, 0.2, 0.3],
    [20, 15, 12, 11, 10, 9, 8, 7, 5, 3],
  )
  categorical('channel', [0.2, -0.25, 0.5], [60, 35, 5])
  categorical('education', [-0.2, 0, 0.2, 0.3], [30, 40, 25, 5])
  categorical('noise_cat_a', [0, 0, 0, 0, 0], [20, 20, 20, 20, 20])
  categorical('noise_cat_b', [0, 0, 0], [50, 30, 20])
  const bad = new Uint8Array(rows)
  for (let i = 0; i < rows; i++) bad[i] = rng.next() < 1 / (1 + Math.exp(-eta[i]!)) ? 1 : 0
  return { rowCount: rows, columns, target: { name: 'bad', values: bad, bad: '1', good: '0' } }
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since)
  return (d.user + d.system) / 1e6
}

export async function benchScoring(): Promise<BenchResult[]> {
  const rows = 1_000_000
  let t = performance.now()
  const table = syntheticCreditTable(rows, 2024)
  const generateMs = performance.now() - t
  ;(globalThis as { gc?: () => void }).gc?.()
  t = performance.now()
  let cpu = process.cpuUsage()
  const model = trainScorecard(table, { name: 'bench' })
  const trainS = (performance.now() - t) / 1000
  const trainCpu = cpuSeconds(cpu)
  const compiled = compileScorecard(model)
  applyScorecard(compiled, table)
  let bestWall = Infinity
  let bestCpu = Infinity
  for (let run = 0; run < 5; run++) {
    t = performance.now()
    cpu = process.cpuUsage()
    applyScorecard(compiled, table)
    bestCpu = Math.min(bestCpu, cpuSeconds(cpu))
    bestWall = Math.min(bestWall, (performance.now() - t) / 1000)
  }
  const rss = process.resourceUsage().maxRSS / 1024
  const p = model.card.performance.train
  const dropped = model.card.dropped.map((d) => `${d.name}: ${d.reason}`).join(', ')
  const trainNote = `${trainCpu.toFixed(1)} s CPU; ${table.columns.length} attributes -> ${model.attributes.length} kept (dropped ${dropped}); train AUC ${p.auc.toFixed(4)}; data generated in ${(generateMs / 1000).toFixed(1)} s`
  return [
    { name: 'scorecard train 1M x 30', value: Number(trainS.toFixed(2)), unit: 's', note: trainNote },
    {
      name: 'scorecard apply (score, PD, reasons)',
      value: Math.round(rows / bestWall),
      unit: 'rows/s',
      note: `best of 5 runs over 1,000,000 rows, ${model.attributes.length} attributes; ${Math.round(rows / bestCpu)} rows/s by CPU time`,
    },
    {
      name: 'scorecard peak RSS',
      value: Math.round(rss),
      unit: 'MB',
      note: 'process peak (maxRSS), data generation included',
    },
  ]
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await benchScoring())
    process.stdout.write(`${r.name}: ${r.value} ${r.unit}${r.note ? ` (${r.note})` : ''}\n`)
}
