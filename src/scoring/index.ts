// The public surface of the scoring module: explainable scorecards (binning, logistic regression on
// WoE, points, reason codes), their model file, metrics, the validation report and the CLI commands; over the
// database, training from the bureau's history, the model registry, and scores in reports and for consumers.
import type { Db } from '../platform/db.ts'
import type { RoutePlugin } from '../platform/http/index.ts'
import { scoringRoutes } from './scoring.routes.ts'
import { createScoringService, type ScoringDeps, type ScoringService } from './scoring.service.ts'

export { applyScorecard } from './apply.ts'
export type { ScoredRows } from './apply.ts'
export { compileScorecard, type CompiledScorecard } from './compile-scorecard.ts'
export { scoreRecord, type ScoredRecord } from './score-record.ts'
export { binAttribute } from './bin-attribute.ts'
export type { AttributeBinning } from './bin-attribute.ts'
export { DEFAULT_BINNING, bestPartition, optimalPartition } from './binning.ts'
export type { BinningOptions, Partition, Trend, TrendOption } from './binning.ts'
export { CsvParser, parseCsv, readCsvRecords } from './csv.ts'
export { readCsvTable, tableFromCsv } from './csv-table.ts'
export { evaluateScorecard, performanceOf } from './evaluate.ts'
export { fitLogistic } from './logistic.ts'
export type { LogisticFit, LogisticOptions } from './logistic.ts'
export { auc, calibration, gini, ks, ksCurve, psi, psiAgainst, rocCurve, scoreBands } from './metrics.ts'
export type { CalibrationGroup, PsiResult, RocPoint, ScoreBands } from './metrics.ts'
export { INQUIRY_PATTERN, MAX_REASONS, REASON_SLOTS } from './reasons.ts'
export type { Reason } from './reasons.ts'
export { renderValidationReport } from './report-html.ts'
export { createRng } from './rng.ts'
export type { Rng } from './rng.ts'
export type { ReportInput } from './report-html.ts'
export { DEFAULT_SCALING, scalingOf } from './scaling.ts'
export type { ScalingOptions } from './scaling.ts'
export {
  SCORECARD_FORMAT,
  SCORECARD_FORMAT_VERSION,
  parseScorecardModel,
  scorecardModelSchema,
} from './scorecard.model.ts'
export type { ModelAttribute, ModelBin, ModelCard, Performance, ScorecardModel } from './scorecard.model.ts'
export { registerScorecardCommands } from './scoring.cli.ts'
export { DEFAULT_SELECTION } from './selection.ts'
export type { SelectionOptions } from './selection.ts'
export { selectRows, splitTable } from './split.ts'
export type { CategoricalColumn, Column, ColumnKind, NumericColumn, Table, Target } from './table.ts'
export { trainScorecard } from './train.ts'
export type { TrainOptions } from './train.ts'
export {
  OUTCOME_MONTHS,
  SEGMENTS,
  THIN_FILE,
  addMonths,
  hasOpenAccount,
  outcomeAfter,
  segmentOf,
  type Outcome,
  type Segment,
} from './bureau-outcome.ts'
export {
  CANDIDATE_ATTRIBUTES,
  PROTECTED_PROXY_EXCLUSIONS,
  buildBureauDatasets,
  type DatasetSource,
  type Observation,
  type ObservationCounts,
} from './bureau-dataset.ts'
export { POLICY_EXCLUSIONS, ONLY_HELPS } from './bureau-policy.ts'
export { THIN_FILE_CANDIDATES } from './bureau-training.ts'
export type { BureauTrainingInput, BureauTrainingResult, TrainedCandidate } from './bureau-training.ts'
export type { Promotion, RecordScoringEvent, ScoringAuditEvent } from './model-registry.ts'
export type { ModelPerformance, ModelStatus, ModelSummary, StoredModel } from './model-registry.store.ts'
export type { NoScoreReason, ScoreOutcome, ScoreResult } from './score-consumer.ts'
export { consumerScoreSchema, scoringRoutes } from './scoring.routes.ts'
export type { ConsumerScore, ScoringDeps, ScoringService } from './scoring.service.ts'
export type { ScoringGetter } from './bureau.cli.ts'

export type ScoringModuleDeps = Omit<ScoringDeps, 'db'>

export interface ScoringModule extends ScoringService {
  /** The HTTP routes, for the server to register. */
  readonly routes: RoutePlugin
}

export function createScoringModule(db: Db, deps: ScoringModuleDeps): ScoringModule {
  const service = createScoringService({ db, ...deps })
  return { ...service, routes: scoringRoutes(service) }
}
