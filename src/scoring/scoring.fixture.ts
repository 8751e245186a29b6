// Test setup of the scoring tests: a migrated database (PGlite, or PostgreSQL with DATABASE_URL) with every
// module wired exactly as the composition root wires them (src/modules.ts), an HTTP server with the report and
// score routes behind a test authenticator, and helpers to write a hand-built history straight into the tables.
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { App } from '../app.ts'
import { generateSecrets, loadConfig } from '../config.ts'
import { createModules, type Modules } from '../modules.ts'
import { createHttpServer, type HttpServer, type Principal } from '../platform/http/index.ts'
import { createLogger } from '../platform/logger.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { NumericTableBuilder } from './numeric-table.ts'
import { createRng } from './rng.ts'
import type { ScorecardModel } from './scorecard.model.ts'
import type { Table } from './table.ts'
import { trainScorecard } from './train.ts'

export interface ScoringWorld {
  db: TestDb
  mods: Modules
  http: HttpServer
  /** The authorization header of a principal the test authenticator knows. */
  as(principal: Principal): { authorization: string }
  dispose(): Promise<void>
}

export async function openScoringWorld(): Promise<ScoringWorld> {
  const db = await openTestDb()
  const app: App = {
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    secrets: generateSecrets(),
    db,
    log: createLogger('silent'),
    close: async () => {},
  }
  const mods = createModules(app, { kind: 'operator', id: 'test' })
  const principals = new Map<string, Principal>()
  const http = await createHttpServer({
    authenticate: async (request) =>
      principals.get((request.headers.authorization ?? '').replace(/^Bearer /, '')),
    rateLimit: false,
  })
  await http.register(mods.reports.routes)
  await http.register(mods.scoring.routes)
  await http.ready()
  return {
    db,
    mods,
    http,
    as(principal) {
      const token = `${principal.kind}-${principal.id}`
      principals.set(token, principal)
      return { authorization: `Bearer ${token}` }
    },
    async dispose() {
      await http.close()
      await mods.close()
      await db.dispose()
    },
  }
}

/** One month's report of a hand-built account: status and Payment History Profile (newest month first). */
export interface MonthReport {
  asOf: string
  status?: string
  history?: string
  balance?: number
  limit?: number
  closed?: string | null
}

export interface HandAccount {
  /** Portfolio type (R revolving, I installment, O open). */
  portfolio?: string
  /** Account type (18 card, 00 auto, 4D telecom, 92 utility). */
  type?: string
  opened: string
  months: readonly MonthReport[]
}

/** Writes a consumer with these accounts into consumers, tradelines and tradeline_snapshots; returns the key. */
export async function insertConsumer(
  db: TestDb,
  furnisherId: string,
  accounts: readonly HandAccount[],
): Promise<string> {
  const key = randomUUID()
  await sql`insert into consumers (consumer_key) values (${key})`.execute(db.kysely)
  for (const [i, a] of accounts.entries()) {
    const tradelineId = randomUUID()
    const last = a.months[a.months.length - 1]!
    const limit = (m: MonthReport) => m.limit ?? (a.portfolio === 'R' ? 5000 : 0)
    await sql`insert into tradelines (consumer_key, tradeline_id, furnisher_id, account_number, ecoa_code, match_reason,
        portfolio_type, account_type, date_opened, credit_limit, highest_credit, terms_duration, terms_frequency,
        scheduled_payment, actual_payment, account_status, payment_rating, payment_history, special_comment,
        compliance_condition, current_balance, amount_past_due, original_charge_off, as_of, date_closed,
        interest_type, consumer_info, last_batch_id)
      values (${key}, ${tradelineId}, ${furnisherId}, ${`ACCT-${i}`}, '1', 'test', ${a.portfolio ?? 'I'},
        ${a.type ?? '00'}, ${a.opened}, ${limit(last)}, 10000, '060', 'M', 100, 100, ${last.status ?? '11'}, '',
        ${last.history ?? ''}, '', '', ${last.balance ?? 1000}, 0, 0, ${last.asOf}, ${last.closed ?? null}, 'F', '',
        ${randomUUID()})`.execute(db.kysely)
    for (const m of a.months) {
      await sql`insert into tradeline_snapshots (consumer_key, tradeline_id, as_of, batch_id, account_status,
          payment_rating, payment_history, special_comment, compliance_condition, credit_limit, highest_credit,
          scheduled_payment, actual_payment, current_balance, amount_past_due, original_charge_off, date_closed)
        values (${key}, ${tradelineId}, ${m.asOf}, ${randomUUID()}, ${m.status ?? '11'}, '', ${m.history ?? ''}, '', '',
          ${limit(m)}, 10000, 100, 100, ${m.balance ?? 1000}, 0, 0, ${m.closed ?? null})`.execute(db.kysely)
    }
  }
  return key
}

/** Month ends from `from` for `count` months: 2024-01-31, 2024-02-29, ... */
export function monthEnds(from: string, count: number): string[] {
  const [y, m] = from.split('-').map(Number) as [number, number]
  return Array.from({ length: count }, (_, k) => {
    const d = new Date(Date.UTC(y, m - 1 + k + 1, 0))
    return d.toISOString().slice(0, 10)
  })
}

/**
 * Synthetic rows over bureau attribute names, whose risk rises with utilisation and inquiries and falls with time
 * since the last delinquency and with bills paid on time.
 */
export function syntheticTable(seed = 1, rows = 4000): Table {
  const rng = createRng(seed)
  const builder = new NumericTableBuilder([
    'revolving_utilisation',
    'months_since_last_delinquency',
    'hard_inquiries_12m',
    'alternative_on_time_share',
  ])
  for (let i = 0; i < rows; i++) {
    const use = rng.next()
    const since = rng.next() < 0.3 ? Math.floor(rng.next() * 48) : null
    const inquiries = Math.floor(rng.next() * 6)
    const onTime = rng.next() < 0.2 ? null : 0.6 + 0.4 * rng.next()
    const logit =
      -4 + 3 * use + (since === null ? 0 : 1.5 - since / 24) + 0.4 * inquiries - 2 * ((onTime ?? 0.9) - 0.9)
    const bad = rng.next() < 1 / (1 + Math.exp(-logit))
    const v: Record<string, number | null> = {
      revolving_utilisation: use,
      months_since_last_delinquency: since,
      hard_inquiries_12m: inquiries,
      alternative_on_time_share: onTime,
    }
    builder.add((name) => v[name], bad)
  }
  return builder.finish()
}

/** A small scorecard trained on syntheticTable. */
export function syntheticModel(
  segment: string,
  o: { seed?: number; range?: { min: number; max: number }; rows?: number } = {},
): ScorecardModel {
  const range = o.range ?? { min: 300, max: 850 }
  return trainScorecard(syntheticTable(o.seed, o.rows), {
    name: `test-${segment}`,
    segment,
    scaling: { minScore: range.min, maxScore: range.max },
    selection: { minIv: 0.01 },
  })
}

/** Registers `model` as trained on 2024-06-30 and makes it its segment's champion; its version. */
export async function promoteChampion(w: ScoringWorld, model: ScorecardModel): Promise<string> {
  const m = await w.mods.scoring.registry.register({
    model,
    asOf: '2024-06-30',
    performance: {
      train: { rows: 4000, events: 400, eventRate: 0.1, auc: 0.8, gini: 0.6, ks: 0.4 },
      outOfTime: null,
      population: null,
    },
  })
  await w.mods.scoring.promote(m.version)
  return m.version
}
