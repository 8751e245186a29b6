// The model registry (issue: scoring, "model governance"): every trained scorecard stored as a versioned
// candidate with its model card; promotion makes a candidate (or a retired model, for a rollback) the one
// champion of its segment and retires the champion before it, in one transaction, audited. Listeners hear of a
// promotion once it has committed (the champion cache of this process).
import { randomUUID } from 'node:crypto'
import type { Db, Tx } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'
import {
  insertModel,
  listModels,
  lockModels,
  lockSegment,
  makeChampion,
  modelByVersion,
  retireChampion,
  segmentOfVersion,
  versionsLike,
  type ModelPerformance,
  type ModelSummary,
  type StoredModel,
} from './model-registry.store.ts'
import { parseScorecardModel, type ScorecardModel } from './scorecard.model.ts'

/** What the scoring module tells the audit log; the composition root adds the actor when it is absent. */
export interface ScoringAuditEvent {
  actor?: { kind: 'operator' | 'member' | 'consumer' | 'system'; id: string }
  action: 'scorecard.trained' | 'scorecard.promoted' | 'score.self_access'
  consumerKey?: string | null
  target?: string | null
  purpose?: string | null
  outcome: 'allowed' | 'refused' | 'done'
  reason?: string | null
  details?: Record<string, string | number | boolean | null>
}

export type RecordScoringEvent = (tx: Tx | undefined, event: ScoringAuditEvent) => Promise<void>

export interface RegistryDeps {
  db: Db
  record: RecordScoringEvent
  clock: () => Date
}

export interface Promotion {
  promoted: ModelSummary
  /** The champion it replaced, if any. */
  retired: string | null
  /** True when the version already was the champion: nothing changed. */
  unchanged: boolean
}

/** "<segment>-<date>-<n>": the n-th model of a segment trained on data observed at that date. */
export function nextVersion(segment: string, asOf: string, taken: readonly string[]): string {
  const prefix = `${segment}-${asOf}-`
  const used = taken.filter((v) => v.startsWith(prefix)).map((v) => Number(v.slice(prefix.length)))
  return `${prefix}${Math.max(0, ...used.filter(Number.isInteger)) + 1}`
}

export function createModelRegistry(deps: RegistryDeps) {
  const { db, record, clock } = deps
  const listeners: ((p: Promotion) => void)[] = []

  return {
    /** Stores a trained model as a candidate under the next version of its segment and date. */
    async register(input: {
      model: ScorecardModel
      asOf: string
      performance: ModelPerformance
    }): Promise<StoredModel> {
      const { segment } = input.model
      const createdAt = clock()
      return db.transaction(async (tx) => {
        await lockModels(tx.kysely)
        const version = nextVersion(
          segment,
          input.asOf,
          await versionsLike(tx.kysely, `${segment}-${input.asOf}-`),
        )
        const model = parseScorecardModel({ ...input.model, version })
        const modelId = randomUUID()
        const summary = await insertModel(tx.kysely, {
          modelId,
          version,
          segment,
          asOf: input.asOf,
          createdAt,
          model,
          performance: input.performance,
        })
        const oot = input.performance.outOfTime
        await record(tx, {
          action: 'scorecard.trained',
          target: version,
          outcome: 'done',
          details: {
            segment,
            asOf: input.asOf,
            rows: input.performance.train.rows,
            auc: round(input.performance.train.auc),
            outOfTimeAuc: oot ? round(oot.auc) : null,
            psi: oot ? round(oot.psi) : null,
          },
        })
        return { ...summary, model }
      })
    },

    /** Makes the version the champion of its segment and retires the one before. */
    async promote(version: string, check?: (m: StoredModel) => void): Promise<Promotion> {
      const now = clock()
      const promotion = await db.transaction(async (tx): Promise<Promotion> => {
        const segment = await segmentOfVersion(tx.kysely, version)
        if (segment === undefined) throw new AppError('not_found', `no model version ${version}`)
        // The segment's rows locked: two promotions in one segment run one after the other.
        const models = await lockSegment(tx.kysely, segment)
        const target = models.find((m) => m.version === version)!
        const previous = models.find((m) => m.status === 'champion')
        if (previous?.version === version) return { promoted: target, retired: null, unchanged: true }
        if (check) check((await modelByVersion(tx.kysely, version))!)
        await retireChampion(tx.kysely, segment, now)
        const promoted = await makeChampion(tx.kysely, version, now)
        await record(tx, {
          action: 'scorecard.promoted',
          target: version,
          outcome: 'done',
          details: { segment, retired: previous?.version ?? null, from: target.status },
        })
        return { promoted, retired: previous?.version ?? null, unchanged: false }
      })
      if (!promotion.unchanged) for (const listen of listeners) listen(promotion)
      return promotion
    },

    list: (): Promise<ModelSummary[]> => listModels(db.kysely),

    get: (version: string): Promise<StoredModel | undefined> => modelByVersion(db.kysely, version),

    /** Called after each promotion that changed a champion has committed. */
    onPromote(listener: (p: Promotion) => void): void {
      listeners.push(listener)
    },
  }
}

const round = (x: number) => Math.round(x * 1e4) / 1e4

export type ModelRegistry = ReturnType<typeof createModelRegistry>
