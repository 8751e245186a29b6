// Performance of a model on a labelled table, as the model card and the validation report state it.
// Discrimination (AUC, Gini, KS) is measured on the probability of default, which rounding and clipping
// of points never tie; stability bands are on the score, which is what is monitored in production.
import { AppError } from '../platform/errors.ts'
import { applyScorecard, type ScoredRows } from './apply.ts'
import type { CompiledScorecard } from './compile-scorecard.ts'
import { auc, gini, ks, scoreBands } from './metrics.ts'
import type { Performance, ScorecardModel } from './scorecard.model.ts'
import type { Table } from './table.ts'

export function performanceOf(scored: ScoredRows, target: Uint8Array): Performance {
  let events = 0
  for (let i = 0; i < target.length; i++) events += target[i]!
  const a = auc(scored.probabilityDefault, target)
  return {
    rows: target.length,
    events,
    eventRate: target.length ? events / target.length : 0,
    auc: a,
    gini: gini(a),
    ks: ks(scored.probabilityDefault, target).ks,
    scoreBands: scoreBands(scored.score),
  }
}

export function evaluateScorecard(
  model: ScorecardModel | CompiledScorecard,
  table: Table,
): { scored: ScoredRows; performance: Performance } {
  if (!table.target)
    throw new AppError('invalid_input', 'evaluating a model needs data with the target column')
  const scored = applyScorecard(model, table)
  return { scored, performance: performanceOf(scored, table.target.values) }
}
