// The README table rows of the HTTP benchmark: each report run beside the bare SELECTs at the same concurrency,
// the query-plan check, the integrity check, and how the CPU was shared.
import type { ScanCheck } from './http-plans.ts'

export type Run = Record<string, unknown>

export interface HttpRowsInput {
  runs: Record<string, Run>
  levels: readonly number[]
  plans: readonly ScanCheck[]
  /** Round trips to PostgreSQL of one report alone, authentication and its own audit commit included. */
  trips: { fcra: number; consent: number }
  intact: boolean
  serverPeakRssMb: unknown
  accounts: number
  consumers: number
  cores: number
  pool: number
}

export const SCENARIOS = {
  fcra: 'US-FCRA credit application, no consent',
  consent: 'employment check with an approved consent',
} as const

const n = (x: unknown) => Number(x)
const ms = (x: unknown) => `${n(x).toFixed(1)} ms`
const rate = (x: unknown) => `${Math.round(n(x)).toLocaleString('en-US')}/s`
const note = (text: string) => [text, '', '', '', '']

export function httpRows(i: HttpRowsInput): string[][] {
  const rows: string[][] = []
  const memory = `${String(i.serverPeakRssMb)} MB (server)`
  for (const scenario of ['fcra', 'consent'] as const) {
    for (const c of i.levels) {
      const r = i.runs[`${scenario}-${c}`]!
      const limit = i.runs[`sql-${c}`]!
      const errors = n(r['errors']) > 0 ? `, ${String(r['errors'])} errors` : ''
      rows.push([
        `Lender report over HTTP, ${SCENARIOS[scenario]}, ${c} client${c === 1 ? '' : 's'}`,
        `${rate(r['perSecond'])}, p50 ${ms(r['p50Ms'])}, p99 ${ms(r['p99Ms'])}${errors}`,
        `${rate(limit['perSecond'])} bare SELECTs of the same rows, p99 ${ms(limit['p99Ms'])}`,
        (n(r['perSecond']) / n(limit['perSecond'])).toFixed(2),
        memory,
      ])
    }
  }
  const problems = i.plans.flatMap((p) => p.problems)
  rows.push([
    'Query plans of the report path',
    problems.length === 0
      ? `${i.plans.length} statements in ${i.trips.fcra} round trips (${i.trips.consent} with a consent), every scan keyed`
      : `NOT KEYED: ${problems.join('; ')}`,
    'no sequential scan of a consumer-keyed or lookup table',
    problems.length === 0 ? 'ok' : 'fails',
    '',
  ])
  rows.push([
    'Every answered report left its inquiry, audit event and consent use',
    i.intact ? 'yes' : 'NO',
    'counted in the database afterwards',
    i.intact ? 'ok' : 'fails',
    '',
  ])
  const top = i.levels[i.levels.length - 1]!
  for (const scenario of ['fcra', 'consent'] as const) {
    const cpu = i.runs[`${scenario}-${top}`]!['cpu'] as Record<string, number>
    rows.push(
      note(
        `(CPU per report, ${SCENARIOS[scenario]}, ${top} clients: server ${cpu['serverMsPerReport']!.toFixed(2)} ms, PostgreSQL ${cpu['postgresMsPerReport']!.toFixed(2)} ms, load generator ${cpu['loadGeneratorMsPerReport']!.toFixed(2)} ms; other processes on the machine meanwhile: ${cpu['otherCores']!.toFixed(2)} cores; PostgreSQL transactions (a shared pipeline is one) ${cpu['transactionsPerReport']!.toFixed(2)} per report)`,
      ),
    )
  }
  rows.push(
    note(
      `(${i.accounts.toLocaleString('en-US')} accounts of ${i.consumers.toLocaleString('en-US')} consumers; server, load generator and PostgreSQL on the same ${i.cores} cores; a pool of ${i.pool} connections for the server and for the SELECTs)`,
    ),
  )
  return rows
}
