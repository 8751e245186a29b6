// Step: scorecard training and scoring throughput (bench/scoring.bench.ts), as README table rows.
import { benchScoring } from '../scoring.bench.ts'
import { emit } from './common.ts'

const figures = await benchScoring()
const get = (pattern: RegExp) => figures.find((f) => pattern.test(f.name))
const train = get(/train/i)
const score = get(/apply/i)
emit({
  step: 'scoring',
  figures,
  rows: [
    [
      'Scorecard training, 1,000,000 rows × 30 attributes',
      train ? `${train.value.toFixed(1)} ${train.unit}` : 'n/a',
      'target: under 30 s',
      '',
      '',
    ],
    [
      'Scoring with reason codes, in process',
      score ? `${Math.round(score.value).toLocaleString('en-US')} ${score.unit}` : 'n/a',
      'target: over 1,000,000 rows/s',
      '',
      '',
    ],
  ],
})
