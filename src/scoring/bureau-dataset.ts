// Training and validation data from the bureau's own history (issue: scoring, "training data"): for each
// observation date D, every consumer with an account open at D, their attributes as of D (computeAttributes:
// nothing dated after D is read) and their outcome in the 12 months after D (bureau-outcome.ts), split into
// the thick-file and thin-file segments. Consumers are read a page at a time, and several dates are computed
// from one read, so memory holds one page of histories plus the typed columns of the tables.
import {
  ATTRIBUTES,
  computeAttributes,
  type AttributeInputs,
  type AttributeValues,
} from '../reports/index.ts'
import {
  OUTCOME_MONTHS,
  SEGMENTS,
  addMonths,
  hasOpenAccount,
  outcomeAfter,
  segmentOf,
  type Segment,
} from './bureau-outcome.ts'
import { NumericTableBuilder } from './numeric-table.ts'
import type { Table } from './table.ts'

/**
 * Attributes never offered to training because they could stand in for a characteristic on which credit may
 * not be refused (ECOA, 15 U.S.C. 1691(a); GDPR art. 9 and 22(4)). The bureau holds none: no attribute is
 * computed from age, sex, marital status, race, origin, religion, address or the receipt of public
 * assistance, only from accounts, payments and inquiries. The list stays, empty, as the one place a new
 * attribute that does is named, and every model card states it.
 */
export const PROTECTED_PROXY_EXCLUSIONS: readonly { readonly name: string; readonly why: string }[] = []

export const PROTECTED_NOTE =
  'The bureau holds no protected characteristic (age, sex, marital status, race, national origin, religion, receipt of public assistance) and no attribute is computed from one; ' +
  (PROTECTED_PROXY_EXCLUSIONS.length === 0
    ? 'no attribute was excluded as a proxy.'
    : `excluded as possible proxies: ${PROTECTED_PROXY_EXCLUSIONS.map((e) => `${e.name} (${e.why})`).join('; ')}.`)

const excluded = new Set(PROTECTED_PROXY_EXCLUSIONS.map((e) => e.name))
/** The attributes training may choose from, in ATTRIBUTES order. */
export const CANDIDATE_ATTRIBUTES: readonly string[] = ATTRIBUTES.map((d) => d.name).filter(
  (n) => !excluded.has(n),
)

/** Where the consumers and their histories come from (the reports module's attribute inputs). */
export interface DatasetSource {
  /** Every consumer key, a page at a time. */
  pages(): AsyncIterable<readonly string[]>
  inputsForMany(consumerKeys: readonly string[]): Promise<Map<string, AttributeInputs>>
}

export interface ObservationCounts {
  /** Consumers read. */
  consumers: number
  /** Of them, with at least one account open at the date. */
  withOpenAccount: number
  /** Of those, without any reporting in the outcome window: left out. */
  indeterminate: number
  rows: Record<Segment, number>
  bads: Record<Segment, number>
}

export interface Observation {
  asOf: string
  /** The last day of the outcome window (asOf + 12 months). */
  windowEnd: string
  tables: Record<Segment, Table>
  /** The consumer of each row, when asked for (validation against hidden traits, reports). */
  keys: Record<Segment, string[]> | undefined
  counts: ObservationCounts
}

export interface DatasetOptions {
  /** Keep the consumer key of each row. */
  withKeys?: boolean
  /** Columns (default CANDIDATE_ATTRIBUTES). */
  columns?: readonly string[]
  outcomeMonths?: number
}

const perSegment = <T>(make: (s: Segment) => T): Record<Segment, T> =>
  Object.fromEntries(SEGMENTS.map((s) => [s, make(s)])) as Record<Segment, T>

/** One table per segment and observation date, from one pass over the consumers. */
export async function buildBureauDatasets(
  source: DatasetSource,
  dates: readonly string[],
  options: DatasetOptions = {},
): Promise<Observation[]> {
  const columns = options.columns ?? CANDIDATE_ATTRIBUTES
  const months = options.outcomeMonths ?? OUTCOME_MONTHS
  const states = dates.map((asOf) => ({
    asOf,
    builders: perSegment(() => new NumericTableBuilder(columns)),
    keys: options.withKeys ? perSegment((): string[] => []) : undefined,
    counts: { consumers: 0, withOpenAccount: 0, indeterminate: 0 },
  }))
  for await (const page of source.pages()) {
    const inputs = await source.inputsForMany(page)
    for (const [key, input] of inputs) {
      for (const st of states) {
        st.counts.consumers++
        if (!hasOpenAccount(input.snapshots, st.asOf)) continue
        st.counts.withOpenAccount++
        const outcome = outcomeAfter(input.snapshots, st.asOf, months)
        if (outcome === 'indeterminate') {
          st.counts.indeterminate++
          continue
        }
        const v: AttributeValues = computeAttributes(input.snapshots, input.facts, input.inquiries, st.asOf)
        const segment = segmentOf(v)
        st.builders[segment].add((name) => v[name as keyof AttributeValues], outcome === 'bad')
        st.keys?.[segment].push(key)
      }
    }
  }
  return states.map((st) => ({
    asOf: st.asOf,
    windowEnd: addMonths(st.asOf, months),
    tables: perSegment((s) => st.builders[s].finish()),
    keys: st.keys,
    counts: {
      ...st.counts,
      rows: perSegment((s) => st.builders[s].rowCount),
      bads: perSegment((s) => st.builders[s].badCount),
    },
  }))
}
