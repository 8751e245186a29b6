// Step: the lender report over HTTP on PostgreSQL. A fresh database is loaded with ACCOUNTS synthetic accounts
// through the furnishing module (the same ingestion as `openbureau ingest`), a lender is registered and consents
// are approved for a sample of consumers; the real server (http-server.ts) then runs in its own process and a
// load generator (http-load.ts) in another drives POST /v1/reports with 1, 16 and 64 keep-alive clients: a
// US-FCRA credit application (no consent needed) and an employment check (consent needed, each request
// presenting the consumer's approved consent). Each report does its consent check, inquiry write and audit
// write; that every answered report left its inquiry, audit event and consent use is checked afterwards. The
// limit, at the same concurrency and pool size: the bare SELECTs that fetch the same consumer's rows. Last, every
// statement of the report path is EXPLAINed (http-plans.ts). Server, load generator and PostgreSQL share the
// machine's cores. Prints `{ rows: [[what, figure, limit, ratio, memory], ...] }` for the README table.
// Usage: http.ts [ACCOUNTS] [--duration S] [--warmup S] [--clients 1,16,64] [--sample N] [--consents N]
import { createReadStream, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { openApp } from '../../src/app.ts'
import { generateSecrets, loadConfig } from '../../src/config.ts'
import { CATEGORIES } from '../../src/consent/index.ts'
import { nationalIdToken } from '../../src/identity/index.ts'
import { createModules } from '../../src/modules.ts'
import type { Principal } from '../../src/platform/http/index.ts'
import { furnisherMember, synthFurnisher } from '../../src/synth/index.ts'
import { dropDatabase, emit, freshDatabase, seconds, urlFor } from './common.ts'
import { machineBusyMs, processCpuMs } from './cpu-use.ts'
import { captureStatements, checkPlans } from './http-plans.ts'
import { httpRows } from './http-rows.ts'
import { inParallel, sampleSsns, syntheticFile } from './http-sample.ts'
import { child, lastJson } from './child-step.ts'
import type { SampleFile } from './http-load.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const flag = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback
}
const accounts = Number(process.argv[2]?.startsWith('--') === false ? process.argv[2] : '1000000')
const duration = flag('duration', '10')
const warmup = flag('warmup', '3')
const levels = flag('clients', '1,16,64').split(',').map(Number)
const sampleSize = Number(flag('sample', '20000'))
const consentCount = Number(flag('consents', '5000'))
const POOL = 10 // config.ts OPENBUREAU_DB_POOL default: what `openbureau serve` runs with
const say = (s: string) => process.stderr.write(`    ${s}\n`)

const dbName = await freshDatabase('ob_bench_http')
const dbUrl = urlFor(dbName)
const sampleFile = join(tmpdir(), `${dbName}-sample.json`)
try {
  const secrets = generateSecrets()
  const env: Record<string, string> = {
    DATABASE_URL: dbUrl,
    OPENBUREAU_PROFILE: 'production',
    OPENBUREAU_JURISDICTION: 'US-FCRA',
    OPENBUREAU_TOKEN_KEY: secrets.tokenKey.toString('base64'),
    OPENBUREAU_MASTER_KEY: secrets.masterKey.toString('base64'),
    OPENBUREAU_SIGNING_KEY: secrets.signingKey,
    OPENBUREAU_DB_POOL: String(POOL),
    LOG_LEVEL: 'warn',
  }

  // The population, through the furnishing module.
  const file = await syntheticFile(root, accounts)
  const app = await openApp(loadConfig(env))
  const mods = createModules(app)
  const f = synthFurnisher(0)
  await mods.members.add(furnisherMember(f, ['furnisher']))
  await mods.members.add({
    id: 'bench-lender',
    name: 'Bench Lender',
    kind: 'bank',
    roles: ['user'],
    metro2Ids: [],
  })
  const key = (await mods.members.createApiKey('bench-lender')).key
  say(`ingesting ${accounts.toLocaleString('en-US')} accounts into ${dbName}`)
  const loadStart = process.hrtime.bigint()
  const ingested = await mods.furnishing.ingest.ingest({
    source: createReadStream(file, { highWaterMark: 1 << 18 }),
    fileName: file,
  })
  const loadSeconds = seconds(loadStart)
  if (ingested.status !== 'applied') throw new Error(`the file was not applied: ${ingested.status}`)
  const admin = new pg.Client({ connectionString: dbUrl })
  await admin.connect()
  await admin.query('analyze')
  const count = async (q: string) => Number((await admin.query<{ n: string }>(q)).rows[0]?.n)
  const population = {
    accounts: await count('select count(*) as n from tradelines'),
    consumers: await count('select count(*) as n from consumers'),
    snapshots: await count('select count(*) as n from tradeline_snapshots'),
  }
  say(`loaded in ${loadSeconds.toFixed(0)} s: ${JSON.stringify(population)}`)

  // The sample, and an approved employment consent for the first of them.
  const lender: Principal = { kind: 'member', id: 'bench-lender', roles: ['user'], memberStatus: 'active' }
  const ssns = await sampleSsns(file, sampleSize)
  const people: SampleFile['people'] = ssns.map((ssn) => ({
    ssn,
    token: nationalIdToken(secrets.tokenKey, 'us-ssn', ssn).toString('hex'),
    consentId: null,
  }))
  const consentStart = process.hrtime.bigint()
  const validTo = new Date(Date.now() + 30 * 86_400_000).toISOString()
  await inParallel(people.slice(0, consentCount), 8, async (p) => {
    const { id } = await mods.consent.request(lender, {
      nationalId: { type: 'us-ssn', value: p.ssn },
      purpose: 'employment',
      categories: [...CATEGORIES],
      validTo,
      mode: 'store',
      storeDays: 30,
    })
    const consumerKey = await mods.identity.findConsumerByNationalId('us-ssn', p.ssn)
    if (consumerKey === undefined) throw new Error(`sampled SSN ${p.ssn} is on no file`)
    await mods.consent.approve({ kind: 'consumer', id: consumerKey, roles: [] }, id)
    p.consentId = id
  })
  say(`${consentCount} consents requested and approved in ${seconds(consentStart).toFixed(1)} s`)
  writeFileSync(sampleFile, JSON.stringify({ people } satisfies SampleFile))

  // The statements of one report of each kind, as the real code sends them (authentication and audit included),
  // after one report that fills the caches a server has warm (the champion models, the API key's holder).
  const withConsent = people.find((p) => p.consentId !== null)!
  const keyCache = await mods.members.cacheKeys(app.db.listen)
  const m = await mods.members.authenticate(key)
  if (m === undefined) throw new Error('the API key does not authenticate')
  const ask = { kind: 'member' as const, id: m.id, roles: m.roles, memberStatus: m.status }
  const nationalId = { type: 'us-ssn', value: withConsent.ssn }
  await mods.reports.reports.request(ask, { nationalId, purpose: 'credit_application' })
  // The key's holder from the cache, as the report route takes it (server.ts confirmsKey); asked without it, as
  // this trace did from 2026-12-06 to 12-07, the key's lookup counted as a round trip the route does not make.
  const reportOf = (consentId?: string) => async () => {
    await mods.members.authenticate(key, { cached: true })
    await mods.reports.reports.request(ask, {
      nationalId,
      ...(consentId === undefined ? { purpose: 'credit_application' } : { purpose: 'employment', consentId }),
    })
  }
  const fcraTrace = await captureStatements(reportOf())
  const consentTrace = await captureStatements(reportOf(withConsent.consentId!))
  const statements = [...fcraTrace.statements, ...consentTrace.statements]
  const trips = { fcra: fcraTrace.trips, consent: consentTrace.trips }
  say(`round trips of one report alone: ${JSON.stringify(trips)}`)
  await keyCache.stop()
  await mods.close()
  await app.close()

  // The server in its own process.
  const server = child('http-server.ts', [], { ...process.env, ...env })
  let serverOut = ''
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout.setEncoding('utf8').on('data', (s: string) => {
      serverOut += s
      const m = /listening (\S+)\n/.exec(serverOut)
      if (m) resolve(m[1]!)
    })
    server.on('exit', (code) => reject(new Error(`the server exited with ${code}`)))
  })
  // Each HTTP run with the CPU time it took: the server, PostgreSQL's backends for this database, the load
  // generator, and whatever else ran on the machine meanwhile (the cores are shared).
  const backends = async () =>
    (
      await admin.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      )
    ).rows.map((r) => r.pid)
  // Transactions per report: every Sync of a pipeline ends one, so this counts the report path's round trips
  // that reached PostgreSQL, shared ones shared (the audit batcher's explicit transaction takes three). A
  // backend publishes its counts when idle, within 10 s (PostgreSQL 15's PGSTAT_IDLE_INTERVAL), hence the waits.
  const idleFlush = () => new Promise((r) => setTimeout(r, 11_000))
  const transactions = async () =>
    Number(
      (
        await admin.query<{ n: string }>(
          'select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()',
        )
      ).rows[0]?.n ?? NaN,
    )
  let flushed = false
  const measured = async (args: string[]) => {
    if (!flushed) await idleFlush()
    const tx0 = await transactions()
    const pgBefore = new Map((await backends()).map((pid) => [pid, processCpuMs(pid)]))
    const [machine0, server0, t0] = [machineBusyMs(), processCpuMs(server.pid!), performance.now()]
    const r = await lastJson('http-load.ts', args)
    const wallMs = performance.now() - t0
    const pgMs = (await backends()).reduce(
      (sum, pid) => sum + processCpuMs(pid) - (pgBefore.get(pid) ?? 0),
      0,
    )
    const serverMs = processCpuMs(server.pid!) - server0
    const loadMs = Number(r['cpuSeconds']) * 1000
    const reports = Number(r['okTotal'])
    await idleFlush()
    flushed = true
    // The admin connection's own two reads are in the count too: negligible against thousands of reports.
    const transactionsPerReport = ((await transactions()) - tx0) / reports
    const cpu = {
      transactionsPerReport,
      serverMsPerReport: serverMs / reports,
      postgresMsPerReport: pgMs / reports,
      loadGeneratorMsPerReport: loadMs / reports,
      otherCores: Math.max(0, machineBusyMs() - machine0 - serverMs - pgMs - loadMs) / wallMs,
    }
    return { ...r, cpu }
  }
  const runs: Record<string, Record<string, unknown>> = {}
  for (const c of levels) {
    for (const scenario of ['fcra', 'consent'] as const) {
      say(`${scenario}, ${c} clients`)
      runs[`${scenario}-${c}`] = await measured([
        'http',
        url,
        key,
        sampleFile,
        scenario,
        String(c),
        duration,
        warmup,
      ])
    }
    say(`bare SELECTs, ${c} clients`)
    runs[`sql-${c}`] = await lastJson('http-load.ts', [
      'sql',
      dbUrl,
      sampleFile,
      String(c),
      String(POOL),
      duration,
      warmup,
    ])
  }
  const stopped = new Promise<Record<string, unknown>>((resolve) =>
    server.on('exit', () =>
      resolve(JSON.parse(serverOut.trim().split('\n').pop() ?? '{}') as Record<string, unknown>),
    ),
  )
  server.kill('SIGTERM')
  const serverStats = await stopped

  // Every answered report left its inquiry, its audit event and (with consent) a use of its consent.
  const answered = (prefix: string) =>
    Object.entries(runs)
      .filter(([k]) => k.startsWith(prefix))
      .reduce((n, [, r]) => n + Number(r['okTotal']), 0)
  const integrity = {
    // and the three reports the statements were captured from: two credit applications, one with consent.
    answered: answered('fcra') + answered('consent') + 3,
    inquiries: await count('select count(*) as n from inquiries'),
    reportEvents: await count("select count(*) as n from audit_events where action = 'report.read'"),
    consentUses: await count('select coalesce(sum(uses), 0) as n from consents'),
    consentAnswered: answered('consent') + 1,
  }
  const intact =
    integrity.inquiries === integrity.answered &&
    integrity.reportEvents === integrity.answered &&
    integrity.consentUses === integrity.consentAnswered
  say(`integrity ${intact ? 'ok' : 'BROKEN'}: ${JSON.stringify(integrity)}`)

  await admin.query('analyze')
  await admin.end()
  const plans = await checkPlans(dbUrl, statements)
  for (const p of plans)
    say(
      `${p.problems.length === 0 ? 'keyed' : 'NOT KEYED'}  ${p.statement.slice(0, 110)}\n        ${p.scans.join('\n        ') || '(no scan)'}`,
    )
  const rows = httpRows({
    runs,
    levels,
    plans,
    trips,
    intact,
    serverPeakRssMb: serverStats['peakRssMb'],
    accounts,
    consumers: population.consumers,
    cores: cpus().length,
    pool: POOL,
  })
  emit({
    step: 'http',
    accounts,
    loadSeconds,
    trips,
    population,
    runs,
    server: serverStats,
    integrity,
    intact,
    plans,
    rows,
  })
} finally {
  rmSync(sampleFile, { force: true })
  await dropDatabase(dbName)
}
