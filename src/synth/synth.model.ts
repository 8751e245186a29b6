// Options, types and calendar arithmetic of the synthetic data generator. Pure: no I/O, no clock. Months are
// counted as integers (year * 12 + month - 1) so that the simulation steps by one; dates leave as the
// 'YYYY-MM-DD' strings of metro2.model.ts.
import { z } from 'zod'
import type { DataRecord, Metro2Format } from '../metro2/index.ts'

/** Member kinds (migrations/0001_members.sql) that synthetic furnishers take. */
export type FurnisherKind = 'bank' | 'fintech_lender' | 'utility' | 'telco'

export interface SynthFurnisher {
  readonly index: number
  /** Base Segment field 5 and the header's program identifiers: at most 5 characters, the width of the
   * Experian Program Identifier (Header Record field 6), so one value fits every place it is written. */
  readonly identificationNumber: string
  /** A member id that fits members.member_id, for demos that register the furnishers. */
  readonly memberId: string
  readonly name: string
  readonly kind: FurnisherKind
  readonly address: string
  readonly telephoneNumber: number
}

export type ProductKind =
  'card' | 'line_of_credit' | 'heloc' | 'auto' | 'student' | 'personal' | 'mortgage' | 'utility' | 'telco'

/** The kinds of deliberate error that `--errors` plants, each one field of one base segment. */
export const PLANTED_ERROR_KINDS = [
  'invalid_account_status',
  'missing_dofd',
  'past_due_exceeds_balance',
  'invalid_ssn',
  'date_opened_after_doai',
] as const
export type PlantedErrorKind = (typeof PLANTED_ERROR_KINDS)[number]

/** What the bureau does with a record that carries a planted kind. */
export type PlantedOutcome = 'rejected' | 'accepted_with_warning'

/**
 * Each kind's outcome and the rule that decides it (`openbureau metro2 rules`), so that the manifest and the demo
 * say what ingestion will do. An SSN that SSA never issues breaks no validation rule: ingestion matches the
 * consumer on name, birth date and postcode instead and keeps the record, with a warning.
 */
export const PLANTED_ERROR_OUTCOMES: Readonly<
  Record<PlantedErrorKind, { readonly outcome: PlantedOutcome; readonly rule: string }>
> = {
  invalid_account_status: { outcome: 'rejected', rule: 'code.account_status' },
  missing_dofd: { outcome: 'rejected', rule: 'cross.dofd_required' },
  past_due_exceeds_balance: { outcome: 'rejected', rule: 'cross.past_due_over_balance' },
  invalid_ssn: { outcome: 'accepted_with_warning', rule: 'identity.national_id' },
  date_opened_after_doai: { outcome: 'rejected', rule: 'cross.date_order' },
}

/** How many of the planted errors the bureau rejects and how many it accepts with a warning. */
export function plantedOutcomes(
  errors: readonly Pick<PlantedError, 'outcome'>[],
): Record<PlantedOutcome, number> {
  const counts: Record<PlantedOutcome, number> = { rejected: 0, accepted_with_warning: 0 }
  for (const e of errors) counts[e.outcome]++
  return counts
}

export interface PlantedError {
  readonly kind: PlantedErrorKind
  /** moov-io/metro2 JSON name of the field that carries the error. */
  readonly field: string
  readonly description: string
  readonly outcome: PlantedOutcome
  /** The rule whose issue ingestion reports for the record: an error when rejected, else a warning. */
  readonly rule: string
}

/** One generated record: where it goes, and the error planted in it, if any. */
export interface SynthRecord {
  readonly furnisher: number
  readonly month: number
  readonly record: DataRecord
  readonly error: PlantedError | undefined
}

/** A planted error as the manifest lists it: file, 1-based position among the file's data records. */
export interface ManifestError extends PlantedError {
  readonly file: string
  readonly record: number
  readonly identificationNumber: string
  readonly consumerAccountNumber: string
}

export const SYNTH_DEFAULTS = {
  consumers: 1000,
  furnishers: 5,
  months: 12,
  seed: 1,
  // A fixed month, never "now": the same options must give the same bytes on any day.
  start: '2024-01',
  format: 'fixed' as Metro2Format,
  errorRate: 0.002,
} as const

// Consumers are born decades before the first month and accounts run on after the last: a start between 1970
// and 2899 keeps every date the generator writes within Metro 2's four-digit years.
const monthText = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'must be YYYY-MM', abort: true })
  .refine((s) => s >= '1970-01' && s <= '2899-12', 'must be a month from 1970-01 to 2899-12')

export const synthOptionsSchema = z.object({
  seed: z.number().int().min(0).max(0xffff_ffff).default(SYNTH_DEFAULTS.seed),
  consumers: z.number().int().min(1).max(100_000_000).default(SYNTH_DEFAULTS.consumers),
  /** When set, consumers are generated until exactly this many accounts have been reported. */
  accounts: z.number().int().min(1).max(100_000_000).optional(),
  furnishers: z.number().int().min(1).max(999).default(SYNTH_DEFAULTS.furnishers),
  months: z.number().int().min(1).max(120).default(SYNTH_DEFAULTS.months),
  start: monthText.default(SYNTH_DEFAULTS.start),
  format: z.enum(['fixed', 'variable', 'packed']).default(SYNTH_DEFAULTS.format),
  errorRate: z.number().min(0).max(1).default(SYNTH_DEFAULTS.errorRate),
})
export type SynthOptionsInput = z.input<typeof synthOptionsSchema>
export type SynthOptions = z.output<typeof synthOptionsSchema>

// ---- calendar -------------------------------------------------------------------------------------------

export function parseMonth(text: string): number {
  const m = /^(\d{4})-(\d{2})$/.exec(text)
  if (!m) throw new RangeError(`not a YYYY-MM month: ${text}`)
  return Number(m[1]) * 12 + Number(m[2]) - 1
}

const labels = new Map<number, string>()

export function monthLabel(month: number): string {
  let label = labels.get(month)
  if (label === undefined) {
    label = `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`
    labels.set(month, label)
  }
  return label
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

export function daysInMonth(month: number): number {
  const year = Math.floor(month / 12)
  const m = month % 12
  if (m === 1 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29
  return MONTH_DAYS[m] ?? 31
}

/** 'YYYY-MM-DD' of a day of a month; days past the month's end fall on its last day. */
export function dateIn(month: number, day: number): string {
  const d = Math.min(day, daysInMonth(month))
  return `${monthLabel(month)}-${d < 10 ? '0' : ''}${d}`
}

/** The month end: the Date of Account Information of a month-end reporter (CRRG Base Segment field 24). */
export function monthEnd(month: number): string {
  return dateIn(month, 31)
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** The month (as an integer) of a 'YYYY-MM-DD' date. */
export function monthOf(date: string): number {
  return parseMonth(date.slice(0, 7))
}
