// The validation report: one self-contained HTML page (inline CSS and SVG, no script, no external asset)
// that a model risk reviewer or a supervisor can read offline: discrimination (ROC, KS, AUC, Gini),
// score distributions of goods and bads, calibration by decile, stability (PSI against the training
// population and, when given, another one), and every attribute's bins with WoE and points.
import { AppError } from '../platform/errors.ts'
import { applyScorecard } from './apply.ts'
import { compileScorecard } from './compile-scorecard.ts'
import { performanceOf } from './evaluate.ts'
import { calibration, ksCurve, psi, psiAgainst, rocCurve, type PsiResult } from './metrics.ts'
import { barChart, escapeHtml, lineChart, marker, type ChartFrame } from './report-svg.ts'
import type { Performance, ScorecardModel } from './scorecard.model.ts'
import type { Table } from './table.ts'

export interface ReportInput {
  readonly model: ScorecardModel
  /** Labelled data to validate on (the target column is required). */
  readonly data: Table
  readonly dataName?: string
  /** Another population, to measure score stability (PSI) against. */
  readonly reference?: Table
  readonly referenceName?: string
  readonly generatedAt?: Date
}

const BAD = '#c0392b'
const GOOD = '#2471a3'
const f4 = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : '-')
const pct = (v: number) => `${(100 * v).toFixed(1)}%`
const pFmt = (v: number | null) => (v === null ? '-' : v < 0.0001 ? '< 0.0001' : v.toFixed(4))

function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')
  const tr = rows
    .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(String(c))}</td>`).join('')}</tr>`)
    .join('')
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`
}

function psiVerdict(v: number): string {
  // Industry rule of thumb: under 0.1 stable, 0.1-0.25 some shift, above 0.25 a significant shift.
  return v < 0.1 ? 'stable' : v < 0.25 ? 'some shift' : 'significant shift'
}

function psiTable(r: PsiResult): string {
  const bands = r.expected.map((e, k) => {
    const lo = k === 0 ? '-inf' : String(r.cuts[k - 1])
    const hi = k === r.cuts.length ? '+inf' : String(r.cuts[k])
    return [`[${lo}, ${hi})`, pct(e), pct(r.actual[k]!)]
  })
  return table(['score band', 'reference share', 'this data share'], bands)
}

function performanceRow(name: string, p: Performance | null): (string | number)[] {
  return p
    ? [name, p.rows, pct(p.eventRate), f4(p.auc), f4(p.gini), f4(p.ks)]
    : [name, '-', '-', '-', '-', '-']
}

export function renderValidationReport(input: ReportInput): string {
  const { model, data } = input
  const target = data.target
  if (!target)
    throw new AppError('invalid_input', `the report needs the target column ${model.target.name} in the data`)
  const compiled = compileScorecard(model)
  const scored = applyScorecard(compiled, data)
  const perf = performanceOf(scored, target.values)
  const labels = target.values
  const score = Float64Array.from(scored.score)

  const roc = rocCurve(scored.probabilityDefault, labels).map(
    (p) => [p.falsePositiveRate, p.truePositiveRate] as const,
  )
  const rocChart = lineChart(
    {
      title: `ROC (AUC ${f4(perf.auc)})`,
      xLabel: 'false positive rate (goods flagged)',
      yLabel: 'true positive rate (bads flagged)',
      x: [0, 1],
      y: [0, 1],
    },
    [
      { name: 'model', color: BAD, points: roc },
      {
        name: 'chance',
        color: '#999',
        points: [
          [0, 0],
          [1, 1],
        ],
        dashed: true,
      },
    ],
  )

  const { minScore, maxScore } = model.scaling
  // Charts span the scores this data has (padded to whole tens), not the whole scale, to stay readable.
  let lo = Infinity
  let hi = -Infinity
  for (const v of score) {
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  lo = Number.isFinite(lo) ? Math.floor(lo / 10) * 10 : minScore
  hi = Number.isFinite(hi) ? Math.max(lo + 10, Math.ceil((hi + 1) / 10) * 10) : maxScore
  const kc = ksCurve(score, labels)
  let ksAt = 0
  kc.thresholds.forEach((_, i) => {
    if (Math.abs(kc.events[i]! - kc.nonEvents[i]!) > Math.abs(kc.events[ksAt]! - kc.nonEvents[ksAt]!))
      ksAt = i
  })
  const ksFrame: ChartFrame = {
    title: `KS ${f4(perf.ks)}`,
    xLabel: 'score',
    yLabel: 'cumulative share',
    x: [lo, hi],
    y: [0, 1],
  }
  const ksChart = lineChart(
    ksFrame,
    [
      { name: 'bads', color: BAD, points: kc.thresholds.map((t, i) => [t, kc.events[i]!] as const) },
      { name: 'goods', color: GOOD, points: kc.thresholds.map((t, i) => [t, kc.nonEvents[i]!] as const) },
    ],
    kc.thresholds.length
      ? marker(
          ksFrame,
          kc.thresholds[ksAt]!,
          kc.nonEvents[ksAt]!,
          kc.events[ksAt]!,
          `max gap at ${kc.thresholds[ksAt]}`,
        )
      : '',
  )

  const bands = 20
  const width = (hi - lo) / bands
  const hist = [new Float64Array(bands), new Float64Array(bands)] as const
  let bads = 0
  for (let i = 0; i < score.length; i++) {
    const k = Math.min(bands - 1, Math.max(0, Math.floor((score[i]! - lo) / width)))
    hist[labels[i] ? 1 : 0][k]!++
    bads += labels[i]!
  }
  const goods = score.length - bads
  const distChart = barChart(
    { title: 'Score distribution', xLabel: 'score', yLabel: 'share of the class' },
    Array.from({ length: bands }, (_, k) => String(Math.round(lo + k * width))),
    [
      { name: 'bads', color: BAD, values: Array.from(hist[1], (c) => c / (bads || 1)) },
      { name: 'goods', color: GOOD, values: Array.from(hist[0], (c) => c / (goods || 1)) },
    ],
  )

  const cal = calibration(scored.probabilityDefault, labels, 10)
  const calChart = barChart(
    { title: 'Calibration by decile of predicted PD', xLabel: 'decile', yLabel: 'bad rate' },
    cal.map((_, k) => String(k + 1)),
    [
      { name: 'mean predicted', color: '#7d3c98', values: cal.map((c) => c.meanPredicted) },
      { name: 'observed', color: BAD, values: cal.map((c) => c.observedRate) },
    ],
  )
  const calTable = table(
    ['decile', 'rows', 'mean predicted PD', 'observed bad rate'],
    cal.map((c, k) => [k + 1, c.count, f4(c.meanPredicted), f4(c.observedRate)]),
  )

  const stability: string[] = []
  const trainBands = model.card.performance.train.scoreBands
  const vsTrain = psiAgainst(trainBands, score)
  stability.push(
    `<h3>Against the training population</h3><p>PSI ${f4(vsTrain.psi)} (${psiVerdict(vsTrain.psi)})</p>${psiTable(vsTrain)}`,
  )
  let psiRef: number | undefined
  if (input.reference) {
    const ref = applyScorecard(compiled, input.reference)
    const r = psi(Float64Array.from(ref.score), score)
    psiRef = r.psi
    const name = escapeHtml(input.referenceName ?? 'the reference population')
    stability.push(
      `<h3>Against ${name} (${ref.rowCount} rows)</h3><p>PSI ${f4(r.psi)} (${psiVerdict(r.psi)})</p>${psiTable(r)}`,
    )
  }

  const attributes = model.attributes
    .map((a) => {
      const head = `<h3>${escapeHtml(a.name)}</h3><p>${escapeHtml(a.description)}; ${a.kind}${a.trend ? `, ${a.trend}` : ''}; IV ${f4(a.iv)}; coefficient ${f4(a.coefficient)} (SE ${f4(a.standardError ?? Number.NaN)}, p ${pFmt(a.pValue)}); reason code ${escapeHtml(a.reasonCode)}</p>`
      const total = a.bins.reduce((s, b) => s + b.count, 0) || 1
      const rows = a.bins.map((b) => [
        b.label,
        b.count,
        pct(b.count / total),
        b.events,
        b.eventRate === null ? '-' : pct(b.eventRate),
        f4(b.woe),
        f4(b.iv),
        b.points,
      ])
      return head + table(['bin', 'rows', 'share', 'bads', 'bad rate', 'WoE', 'IV', 'points'], rows)
    })
    .join('')
  const card = model.card
  const dropped = card.dropped.length
    ? table(
        ['attribute', 'reason', 'detail'],
        card.dropped.map((d) => [d.name, d.reason, d.detail]),
      )
    : '<p>None.</p>'

  const summary = table(
    ['population', 'rows', 'bad rate', 'AUC', 'Gini', 'KS'],
    [
      performanceRow(input.dataName ?? 'this data', perf),
      performanceRow('training', card.performance.train),
      performanceRow('test (held out at training)', card.performance.test),
    ],
  )
  const title = `Validation report: ${model.name} v${model.version} (${model.segment})`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:12px}.metric{font-size:1.2em}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p>Model created ${escapeHtml(model.createdAt)}; report generated ${escapeHtml((input.generatedAt ?? new Date()).toISOString())}. Target ${escapeHtml(model.target.name)} (bad = ${escapeHtml(model.target.bad)}). Scale: ${model.scaling.baseScore} points at ${model.scaling.baseOdds}:1 odds, ${model.scaling.pdo} points to double the odds, range ${minScore}-${maxScore}.</p>
<h2>Performance</h2>
<p class="metric">AUC ${f4(perf.auc)} &middot; Gini ${f4(perf.gini)} &middot; KS ${f4(perf.ks)} &middot; PSI vs training ${f4(vsTrain.psi)}${psiRef === undefined ? '' : ` &middot; PSI vs reference ${f4(psiRef)}`}</p>
${summary}
<div class="charts">${rocChart}${ksChart}${distChart}${calChart}</div>
<h2>Calibration by decile</h2>${calTable}
<h2>Stability</h2>${stability.join('')}
<h2>Attributes</h2><p>Base points ${model.basePoints}; intercept ${f4(model.intercept.coefficient)}.</p>${attributes}
<h2>Dropped attributes</h2>${dropped}
<h2>Conventions</h2><ul>${card.conventions.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>
</body></html>
`
}
