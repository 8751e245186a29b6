// All SQL of the model registry and of recorded scores. models is a reference table (every node has it);
// scores is keyed by consumer_key first. Every function takes the Kysely to run on: a caller in a transaction
// passes its transaction's.
import { sql } from 'kysely'
import type { AnyKysely } from '../platform/db.ts'
import { planned, type Planned } from '../platform/planned.ts'
import type { ScorecardModel } from './scorecard.model.ts'

export type ModelStatus = 'candidate' | 'champion' | 'retired'

/** Measured performance of a model, stored beside it (the card holds training and held-out figures too). */
export interface ModelPerformance {
  /** On the training rows. */
  train: { rows: number; events: number; eventRate: number; auc: number; gini: number; ks: number }
  /** Out of time: a later observation date, outcomes after it; PSI of its scores against training's. */
  outOfTime: {
    asOf: string
    windowEnd: string
    rows: number
    events: number
    eventRate: number
    auc: number
    gini: number
    ks: number
    psi: number
  } | null
  /** Who was in the training data and who was left out. */
  population: {
    consumers: number
    withOpenAccount: number
    indeterminate: number
    rows: number
    bads: number
  } | null
}

export interface ModelSummary {
  modelId: string
  version: string
  segment: string
  asOf: string
  status: ModelStatus
  createdAt: string
  promotedAt: string | null
  retiredAt: string | null
  performance: ModelPerformance
}

export interface StoredModel extends ModelSummary {
  model: ScorecardModel
}

interface Row {
  model_id: string
  version: string
  segment: string
  as_of: string
  status: ModelStatus
  created_at: Date
  promoted_at: Date | null
  retired_at: Date | null
  performance: ModelPerformance
  model?: ScorecardModel
}

const SUMMARY = sql.raw(
  'model_id, version, segment, as_of, status, created_at, promoted_at, retired_at, performance',
)

const toSummary = (r: Row): ModelSummary => ({
  modelId: r.model_id,
  version: r.version,
  segment: r.segment,
  asOf: r.as_of,
  status: r.status,
  createdAt: r.created_at.toISOString(),
  promotedAt: r.promoted_at?.toISOString() ?? null,
  retiredAt: r.retired_at?.toISOString() ?? null,
  performance: r.performance,
})

/** Serialises version numbering: two trainings of one date never take the same number. */
export async function lockModels(k: AnyKysely): Promise<void> {
  await sql`lock table models in share row exclusive mode`.execute(k)
}

/** The versions that start with the prefix ("thick-2024-06-30-"). */
export async function versionsLike(k: AnyKysely, prefix: string): Promise<string[]> {
  const r = await sql<{ version: string }>`select version from models
    where starts_with(version, ${prefix})`.execute(k)
  return r.rows.map((row) => row.version)
}

export async function insertModel(
  k: AnyKysely,
  m: { modelId: string; version: string; segment: string; asOf: string; createdAt: Date } & {
    model: ScorecardModel
    performance: ModelPerformance
  },
): Promise<ModelSummary> {
  const r =
    await sql<Row>`insert into models (model_id, version, segment, as_of, status, created_at, model, performance)
    values (${m.modelId}, ${m.version}, ${m.segment}, ${m.asOf}, 'candidate', ${m.createdAt.toISOString()},
            ${JSON.stringify(m.model)}::jsonb, ${JSON.stringify(m.performance)}::jsonb)
    returning ${SUMMARY}`.execute(k)
  return toSummary(r.rows[0]!)
}

export async function listModels(k: AnyKysely): Promise<ModelSummary[]> {
  const r =
    await sql<Row>`select ${SUMMARY} from models order by segment, created_at desc, version desc`.execute(k)
  return r.rows.map(toSummary)
}

export async function modelByVersion(k: AnyKysely, version: string): Promise<StoredModel | undefined> {
  const r = await sql<Row>`select ${SUMMARY}, model from models where version = ${version}`.execute(k)
  const row = r.rows[0]
  return row && { ...toSummary(row), model: row.model! }
}

/** The champion of each segment: version only, so that a cache fetches a model's JSON once. */
export async function championVersions(k: AnyKysely): Promise<{ version: string; segment: string }[]> {
  const r = await sql<{ version: string; segment: string }>`select version, segment from models
    where status = 'champion' order by segment`.execute(k)
  return r.rows
}

/** Locks the segment's models (in version order) and returns them: a promotion's first statement. */
export async function lockSegment(k: AnyKysely, segment: string): Promise<ModelSummary[]> {
  const r = await sql<Row>`select ${SUMMARY} from models where segment = ${segment}
    order by version for update`.execute(k)
  return r.rows.map(toSummary)
}

export async function segmentOfVersion(k: AnyKysely, version: string): Promise<string | undefined> {
  const r = await sql<{ segment: string }>`select segment from models where version = ${version}`.execute(k)
  return r.rows[0]?.segment
}

export async function retireChampion(k: AnyKysely, segment: string, at: Date): Promise<void> {
  await sql`update models set status = 'retired', retired_at = ${at.toISOString()}
    where segment = ${segment} and status = 'champion'`.execute(k)
}

export async function makeChampion(k: AnyKysely, version: string, at: Date): Promise<ModelSummary> {
  const r =
    await sql<Row>`update models set status = 'champion', promoted_at = ${at.toISOString()}, retired_at = null
    where version = ${version} returning ${SUMMARY}`.execute(k)
  return toSummary(r.rows[0]!)
}

export interface ScoreRow {
  consumerKey: string
  scoreId: string
  modelVersion: string
  score: number
  probability: number
  reasons: unknown[]
  purpose: string
  memberId: string | null
  inquiryId: string | null
  at: Date
}

export const scoreWrite = (s: ScoreRow): Planned<void> =>
  planned(
    sql`insert into scores (consumer_key, score_id, model_version, score, probability, reasons, purpose,
      member_id, inquiry_id, at)
    values (${s.consumerKey}, ${s.scoreId}, ${s.modelVersion}, ${s.score}, ${s.probability},
      ${JSON.stringify(s.reasons)}::jsonb, ${s.purpose}, ${s.memberId}, ${s.inquiryId}, ${s.at.toISOString()})`,
    () => undefined,
  )
