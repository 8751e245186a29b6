// The scoring use cases over the database: train from the bureau's history, promote, list, the validation
// report of a stored model, and scores: inside a lender's report (in its transaction) and the consumer's own.
// Every score released is recorded with the model version that made it.
import { randomUUID } from 'node:crypto'
import { CATEGORIES, type Purpose } from '../consent/index.ts'
import type { Db, Tx } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'
import { runOn, type Planned } from '../platform/planned.ts'
import type { Principal } from '../platform/http/index.ts'
import {
  computeAttributes,
  type AttributeInputs,
  type ReportScore,
  type ReportScorer,
} from '../reports/index.ts'
import { buildBureauDatasets, type DatasetSource } from './bureau-dataset.ts'
import { consumerKeyPages } from './bureau-dataset.store.ts'
import { isIsoDate } from './bureau-outcome.ts'
import { trainFromBureau, type BureauTrainingInput, type BureauTrainingResult } from './bureau-training.ts'
import { createChampionCache } from './champions.ts'
import { createModelRegistry, type Promotion, type RecordScoringEvent } from './model-registry.ts'
import { scoreWrite, type ModelSummary, type StoredModel } from './model-registry.store.ts'
import { renderValidationReport } from './report-html.ts'
import { withoutObsoleteInputs, type ReportRetention } from './obsolete-inputs.ts'
import { criterionOf } from './scorable.ts'
import { noSegment, scoreAttributes, type ScoreOutcome, type ScoreResult } from './score-consumer.ts'

export interface ScoringDeps {
  db: Db
  /** The reports module's attribute inputs, in the transaction given or outside any. */
  inputsOf(consumerKey: string, tx: Tx): Promise<AttributeInputs>
  inputsForMany(consumerKeys: readonly string[]): Promise<Map<string, AttributeInputs>>
  /**
   * The jurisdiction profile in force: its score range is the scale of scores, its retention rule what the
   * consumer's own score leaves out as a lender's report does (obsolete-inputs.ts).
   */
  profile(tx: Tx | undefined): Promise<{
    code: string
    scoreRange: { min: number; max: number }
    /** The negative data's retention, and the months a hard inquiry is shown to lenders (inquiry-retention.ts). */
    retention: ReportRetention
  }>
  record: RecordScoringEvent
  clock?: () => Date
  /** How long another process's promotion may go unseen (default 30 s). */
  championTtlMs?: number
  /** Consumers read per page when building data sets (default 500). */
  pageSize?: number
}

export interface ConsumerScore {
  asOf: string
  available: boolean
  score: (ReportScore & { whatIf: ScoreResult['whatIf'] }) | null
  message: string
}

export function createScoringService(deps: ScoringDeps) {
  const { db, record, clock = () => new Date() } = deps
  const registry = createModelRegistry({ db, record, clock })
  const champions = createChampionCache({ ttlMs: deps.championTtlMs ?? 30_000 })
  registry.onPromote(() => champions.invalidate())
  const pageSize = deps.pageSize ?? 500
  const source: DatasetSource = {
    pages: () => consumerKeyPages(db.kysely, pageSize),
    inputsForMany: (keys) => deps.inputsForMany(keys),
  }

  /** The score as the report shows it, and the statement that records it (with its model version). */
  function scoreRecord(
    consumerKey: string,
    s: ScoreResult,
    who: { purpose: Purpose; memberId: string | null; inquiryId: string | null; at: Date },
  ): { score: ReportScore; write: Planned<void> } {
    const scoreId = randomUUID()
    const { whatIf: _whatIf, value, ...rest } = s
    const write = scoreWrite({
      consumerKey,
      scoreId,
      modelVersion: s.modelVersion,
      score: value,
      probability: s.probabilityDefault,
      reasons: s.reasons,
      ...who,
    })
    return { score: { value, ...rest, scoreId }, write }
  }

  async function recordScore(
    tx: Tx,
    consumerKey: string,
    s: ScoreResult,
    who: { purpose: Purpose; memberId: string | null; inquiryId: string | null; at: Date },
  ): Promise<ReportScore> {
    const { score, write } = scoreRecord(consumerKey, s, who)
    await runOn(tx.kysely, write)
    return score
  }

  /**
   * The consumer's score as of a date, from the file in the transaction as a lender's report on that date reads
   * it (without obsolete accounts, nor the obsolete months of the others, by the profile in force); nothing is
   * recorded.
   */
  async function scoreConsumer(tx: Tx, consumerKey: string, asOf: string): Promise<ScoreOutcome> {
    const profile = await deps.profile(tx)
    const i = withoutObsoleteInputs(await deps.inputsOf(consumerKey, tx), profile.retention, asOf)
    const attributes = computeAttributes(i.snapshots, i.facts, i.inquiries, asOf, profile.retention)
    const criterion = criterionOf(attributes, CATEGORIES)
    if (!criterion.ok) return noSegment(criterion)
    const found = await champions.get(tx.kysely)
    return scoreAttributes(attributes, {
      champions: found,
      range: profile.scoreRange,
      categories: CATEGORIES,
    })
  }

  // The report's score: the champions from memory (read on the pool when stale), the profile's range as the
  // report read it; the record goes out in the report's write batch, so a score is given only if it is recorded.
  const scoreForReport: ReportScorer = async (input) => {
    // Below the minimum scoring criterion, or without a champion for the segment (the common case before any
    // promotion), the report pays no more reads. Both are decided from what the report releases (scorable.ts).
    const criterion = criterionOf(input.attributes, input.categories)
    if (!criterion.ok) return undefined
    const found = await champions.get(db.kysely)
    if (!found.has(criterion.segment)) return undefined
    const outcome = scoreAttributes(input.attributes, {
      champions: found,
      range: input.scoreRange,
      categories: input.categories,
    })
    if (!outcome.ok) return undefined
    return scoreRecord(input.consumerKey, outcome.score, {
      purpose: input.purpose,
      memberId: input.memberId,
      inquiryId: input.inquiryId,
      at: input.at,
    })
  }

  return {
    registry,
    scoreConsumer,
    scoreForReport,

    trainFromBureau: (input: BureauTrainingInput): Promise<BureauTrainingResult> =>
      trainFromBureau(
        {
          source,
          registry,
          scoreRange: async () => (await deps.profile(undefined)).scoreRange,
          clock,
        },
        input,
      ),

    /** Makes the version its segment's champion; refused when its scale is not the profile's range. */
    async promote(version: string): Promise<Promotion> {
      const { code, scoreRange } = await deps.profile(undefined)
      return registry.promote(version, (m: StoredModel) => {
        const { minScore, maxScore } = m.model.scaling
        if (minScore !== scoreRange.min || maxScore !== scoreRange.max) {
          throw new AppError(
            'unprocessable',
            `${version} scores ${minScore}-${maxScore} but the ${code} profile's range is ${scoreRange.min}-${scoreRange.max}: train a model on the profile in force`,
          )
        }
      })
    },

    models: (): Promise<ModelSummary[]> => registry.list(),

    /** The signed-in consumer's own score, reasons and what would change them; recorded and audited. */
    async ownScore(principal: Principal): Promise<ConsumerScore> {
      if (principal.kind !== 'consumer') throw new AppError('forbidden', 'only a signed-in consumer has this')
      const consumerKey = principal.id
      const now = clock()
      const asOf = now.toISOString().slice(0, 10)
      return db.transaction(async (tx) => {
        const outcome = await scoreConsumer(tx, consumerKey, asOf)
        const score = outcome.ok
          ? {
              ...(await recordScore(tx, consumerKey, outcome.score, {
                purpose: 'self_access',
                memberId: null,
                inquiryId: null,
                at: now,
              })),
              whatIf: outcome.score.whatIf,
            }
          : null
        await record(tx, {
          actor: { kind: 'consumer', id: consumerKey },
          action: 'score.self_access',
          consumerKey,
          purpose: 'self_access',
          outcome: 'allowed',
          details: { modelVersion: score?.modelVersion ?? null, scoreId: score?.scoreId ?? null },
        })
        return {
          asOf,
          available: score !== null,
          score,
          message: outcome.ok
            ? 'Your score, the reasons it is not higher and what would change them.'
            : outcome.reason === 'insufficient_file'
              ? 'No score: there is not enough on your file to score (no credit account and no utility, telecom or rent account reported yet).'
              : outcome.reason === 'no_champion'
                ? 'No score yet: the bureau has no scorecard in use for files like yours (no champion).'
                : 'No score: the scorecard in use does not fit the rules in force.',
        }
      })
    },

    /** The validation report (self-contained HTML) of a stored model on the bureau's data observed at a date. */
    async validationReport(input: { version: string; asOf?: string | undefined }) {
      const stored = await registry.get(input.version)
      if (stored === undefined) throw new AppError('not_found', `no model version ${input.version}`)
      const asOf = input.asOf ?? stored.performance.outOfTime?.asOf ?? stored.asOf
      if (!isIsoDate(asOf))
        throw new AppError('invalid_input', `--as-of must be a date (YYYY-MM-DD), got ${asOf}`)
      const dates = asOf === stored.asOf ? [asOf] : [asOf, stored.asOf]
      const [data, reference] = await buildBureauDatasets(source, dates)
      const segment = stored.segment as 'thick' | 'thin'
      const rows = data!.tables[segment]
      if (rows.rowCount === 0 || rows.target!.values.every((v) => v === rows.target!.values[0])) {
        throw new AppError(
          'unprocessable',
          `no ${segment} file consumers with both outcomes observed at ${asOf} (outcomes to ${data!.windowEnd}): choose another --as-of`,
        )
      }
      const html = renderValidationReport({
        model: stored.model,
        data: rows,
        dataName: `${segment} file consumers observed at ${asOf}, outcomes in (${asOf}, ${data!.windowEnd}]`,
        ...(reference
          ? {
              reference: reference.tables[segment],
              referenceName: `the training population observed at ${stored.asOf}`,
            }
          : {}),
        generatedAt: clock(),
      })
      return { html, model: stored, asOf, windowEnd: data!.windowEnd, counts: data!.counts }
    },
  }
}

export type ScoringService = ReturnType<typeof createScoringService>
