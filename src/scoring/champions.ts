// The champions in use, compiled once and kept in memory so that a report pays no parse or compile: a promotion
// in this process refreshes them at once (the registry's listener), one in another process within the TTL.
// A refresh reads only the champion versions; a model's JSON is fetched and compiled once per version.
import type { Category } from '../consent/index.ts'
import type { AnyKysely } from '../platform/db.ts'
import { ATTRIBUTES } from '../reports/index.ts'
import { compileScorecard, type CompiledScorecard } from './compile-scorecard.ts'
import { championVersions, modelByVersion } from './model-registry.store.ts'
import { parseScorecardModel } from './scorecard.model.ts'

export interface Champion {
  version: string
  segment: string
  compiled: CompiledScorecard
  range: { min: number; max: number }
  /** The consent categories its attributes are computed from: a score is released only with all of them. */
  categories: readonly Category[]
}

// Every category of each attribute: a score must not tell what the report would withhold (report.build.ts).
const CATEGORIES = new Map<string, readonly Category[]>(ATTRIBUTES.map((d) => [d.name, d.categories]))

export function championOf(version: string, segment: string, json: unknown): Champion {
  const model = parseScorecardModel(json)
  // An attribute that is not a bureau attribute (a model trained elsewhere) is taken as account data.
  const categories = [
    ...new Set(model.attributes.flatMap((a) => CATEGORIES.get(a.name) ?? ['accounts' as const])),
  ].sort()
  return {
    version,
    segment,
    compiled: compileScorecard(model),
    range: { min: model.scaling.minScore, max: model.scaling.maxScore },
    categories,
  }
}

export interface ChampionCache {
  /** The champion of each segment, read on the Kysely given (a transaction's) when the cache is stale. */
  get(k: AnyKysely): Promise<ReadonlyMap<string, Champion>>
  invalidate(): void
}

export function createChampionCache(options: { ttlMs: number; now?: () => number }): ChampionCache {
  const now = options.now ?? (() => performance.now())
  let current: ReadonlyMap<string, Champion> | undefined
  let loadedAt = 0
  let compiled = new Map<string, Champion>()
  // A load that began before an invalidation must not install what it read.
  let generation = 0
  return {
    async get(k) {
      if (current !== undefined && now() - loadedAt < options.ttlMs) return current
      const started = now()
      const gen = generation
      const next = new Map<string, Champion>()
      for (const { version, segment } of await championVersions(k)) {
        let c = compiled.get(version)
        if (c === undefined) {
          const stored = await modelByVersion(k, version)
          if (stored === undefined) continue
          c = championOf(version, segment, stored.model)
        }
        next.set(segment, c)
      }
      if (gen === generation) {
        // Only the champions stay compiled: retired versions are dropped.
        compiled = new Map([...next.values()].map((c) => [c.version, c]))
        current = next
        loadedAt = started
      }
      return next
    },
    invalidate() {
      generation++
      current = undefined
    },
  }
}
