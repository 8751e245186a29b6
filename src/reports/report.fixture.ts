// Test setup shared by the report and rights tests: a migrated database (PGlite, or PostgreSQL with
// DATABASE_URL), the real modules wired as the composition root wires them (consent checks held for the report's
// transaction and recorded through the audit batcher), members, a clock the test moves, and files furnished as
// Metro 2 for three consumers plus two namesakes that only a national ID tells apart.
import { generateSecrets, type JurisdictionCode } from '../config.ts'
import { createAuditBatcher, createAuditModule, type AuditBatcher, type AuditModule } from '../audit/index.ts'
import { createConsentModule, type ConsentModule } from '../consent/index.ts'
import { createFurnishingModule } from '../furnishing/index.ts'
import { createIdentityModule } from '../identity/index.ts'
import { createMembersModule } from '../members/index.ts'
import {
  sampleBase,
  sampleHeader,
  writeMetro2,
  type BaseSegment,
  type DataRecord,
  type HeaderRecord,
} from '../metro2/index.ts'
import {
  createHttpServer,
  type Authenticate,
  type HttpServer,
  type Principal,
} from '../platform/http/index.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { createRightsModule, type RightsModule } from '../rights/index.ts'
import {
  createReportsModule,
  tradelineAliasKey,
  type ReportsModule,
  type ReportsModuleDeps,
} from './index.ts'

export const SSN = {
  alice: '123-45-6781',
  bob: '234-56-7890',
  twinA: '345-67-8901',
  twinB: '456-78-9012',
  nobody: '567-89-0123',
} as const
export const ALICE_DEMOGRAPHICS = {
  surname: 'Doe',
  firstName: 'Alice',
  birthDate: '1980-06-01',
  postcode: '62701',
}
export const TWIN_DEMOGRAPHICS = {
  surname: 'Twin',
  firstName: 'Sam',
  birthDate: '1990-02-02',
  postcode: '10001',
}

function base(o: Partial<BaseSegment>): BaseSegment {
  return sampleBase({
    timeStamp: '2024-06-01T10:00:00',
    identificationNumber: 'OBFURN01',
    consumerAccountNumber: 'ACCT',
    dateOpened: '2022-03-15',
    paymentHistoryProfile: '000000000000000000000000',
    currentBalance: 15000,
    dateAccountInformation: '2024-05-31',
    dateLastPayment: '2024-05-10',
    firstName: 'ALICE',
    middleName: '',
    socialSecurityNumber: 123456781,
    telephoneNumber: 0,
    ...o,
  })
}

const header = (activityDate: string): HeaderRecord =>
  sampleHeader(activityDate, { transUnionProgramIdentifier: 'OBFURN01' })

// The card was 30 days late three months before May 2024 (February).
const CARD_HISTORY = '001000000000000000000000'
const ssn = (s: string) => Number(s.replace(/-/g, ''))
const twin = {
  surname: 'TWIN',
  firstName: 'SAM',
  dateBirth: '1990-02-02',
  zipCode: '10001',
  firstLineAddress: '9 TWIN RD',
  city: 'NEW YORK',
  state: 'NY',
}

/** One month of the furnisher's file: Alice's card, auto loan and phone, Bob's loan, the twins' loans. */
function month(doai: string, shift: string): DataRecord[] {
  const records: BaseSegment[] = [
    base({
      consumerAccountNumber: 'CARD-1',
      portfolioType: 'R',
      accountType: '18',
      termsDuration: 'REV',
      creditLimit: 5000,
      highestCredit: 2000,
      currentBalance: 1500,
      scheduledMonthlyPaymentAmount: 40,
      actualPaymentAmount: 40,
      dateOpened: '2019-04-02',
      paymentHistoryProfile: (shift + CARD_HISTORY).slice(0, 24),
    }),
    base({ consumerAccountNumber: 'AUTO-1' }),
    base({
      consumerAccountNumber: 'PHONE-1',
      portfolioType: 'O',
      accountType: '4D',
      termsDuration: '001',
      highestCredit: 80,
      currentBalance: 0,
      scheduledMonthlyPaymentAmount: 40,
      actualPaymentAmount: 40,
      dateOpened: '2021-01-05',
    }),
    base({
      consumerAccountNumber: 'BOB-1',
      surname: 'ROE',
      firstName: 'BOB',
      socialSecurityNumber: ssn(SSN.bob),
      dateBirth: '1970-01-01',
      zipCode: '62702',
    }),
    base({ consumerAccountNumber: 'TWIN-A', socialSecurityNumber: ssn(SSN.twinA), ...twin }),
    base({ consumerAccountNumber: 'TWIN-B', socialSecurityNumber: ssn(SSN.twinB), ...twin }),
  ]
  return records.map((b) => ({ base: { ...b, dateAccountInformation: doai }, j1: [], j2: [] }))
}

export interface ReportFixture {
  db: TestDb
  audit: AuditModule
  batcher: AuditBatcher
  consent: ConsentModule
  rights: RightsModule
  reports: ReportsModule
  /** What the reports module was made with: a test makes another report service from it (another process). */
  reportDeps: ReportsModuleDeps
  app: HttpServer
  clock: { now: Date; advanceDays(days: number): void }
  consumers: { alice: string; bob: string }
  principals: Record<
    'bankA' | 'bankB' | 'suspended' | 'furnisherOnly' | 'operator' | 'alice' | 'bob',
    Principal
  >
  /** The authorization header of a principal. */
  as(who: keyof ReportFixture['principals']): { authorization: string }
  /** The profile in force, as the operator sets it. */
  setProfile(code: JurisdictionCode): Promise<void>
  /** A consent of bank-a for Alice, approved by Alice. */
  grant(o: { purpose: string; categories: string[]; mode?: 'view_once' | 'store' }): Promise<string>
  /** The latest audit events with this action, newest first. */
  events(action: string): Promise<
    {
      target: string | null
      reason: string | null
      consumerKey: string | null
      details: Record<string, unknown>
      outcome: string
      purpose: string | null
      actorId: string
    }[]
  >
  dispose(): Promise<void>
}

export async function openReportFixture(): Promise<ReportFixture> {
  const db = await openTestDb()
  const secrets = generateSecrets()
  const clock = {
    now: new Date('2024-07-10T09:00:00.000Z'),
    advanceDays(days: number) {
      this.now = new Date(this.now.getTime() + days * 86_400_000)
    },
  }
  // Each reading moves the clock on by a millisecond, so that inquiries made one after the other sort that way.
  const now = () => {
    clock.now = new Date(clock.now.getTime() + 1)
    return clock.now
  }
  const audit = createAuditModule(db)
  const batcher = createAuditBatcher(audit, {
    maxBatch: 200,
    maxDelayMs: 2,
    run: (s) => db.batch(s),
    transaction: (work) => db.transaction(work),
  })
  const members = createMembersModule(db)
  await members.add({
    id: 'bank-a',
    name: 'Bank A',
    kind: 'bank',
    roles: ['furnisher', 'user'],
    metro2Ids: ['OBFURN01'],
  })
  await members.add({ id: 'bank-b', name: 'Bank B', kind: 'bank', roles: ['user'], metro2Ids: [] })
  await members.add({ id: 'bank-c', name: 'Bank C', kind: 'bank', roles: ['user'], metro2Ids: [] })
  await members.add({ id: 'util-x', name: 'Utility X', kind: 'utility', roles: ['furnisher'], metro2Ids: [] })
  await members.suspend('bank-c')
  const identity = createIdentityModule(db, secrets)
  const furnishing = createFurnishingModule(db, { identity, members, clock: now })
  for (const [doai, shift] of [
    ['2024-05-31', ''],
    ['2024-06-30', '0'],
  ] as const) {
    const bytes = writeMetro2(
      { header: header(doai), data: month(doai, shift) },
      { format: 'fixed', lineBreaks: true },
    )
    const r = await furnishing.ingest.ingest({
      source: (async function* () {
        yield bytes
      })(),
    })
    if (r.status !== 'applied' || r.counts.rejected > 0)
      throw new Error(`fixture file not applied: ${JSON.stringify(r)}`)
  }
  const onFile = new Map<string, string>()
  for (const id of Object.values(SSN)) {
    const key = await identity.findConsumerByNationalId('us-ssn', id)
    if (key !== undefined) onFile.set(`us-ssn:${id}`, key)
  }
  const consent = createConsentModule(db, {
    secrets,
    jurisdiction: 'US-FCRA',
    // Resolved beforehand: request-consent.ts calls findConsumer inside its transaction, and the identity
    // module's look-up runs outside it, which PGlite's single connection cannot serve (a deadlock).
    findConsumer: async (type, raw) => onFile.get(`${type}:${raw}`),
    // As the composition root wires it: appended where it happens.
    record: async (tx, e) => {
      await (tx === undefined ? audit.appendNow(e) : audit.append(tx, e))
    },
    clock: now,
  })
  const rights = createRightsModule(db, {
    record: async (tx, e) => {
      await audit.append(tx, e)
    },
    clock: now,
  })
  const reportDeps: ReportsModuleDeps = {
    identity,
    consent,
    rights,
    audit: batcher,
    tradelineKey: tradelineAliasKey(secrets.masterKey),
    clock: now,
  }
  const reports = createReportsModule(db, reportDeps)
  const alice = onFile.get(`us-ssn:${SSN.alice}`)!
  const bob = onFile.get(`us-ssn:${SSN.bob}`)!
  const member = (
    id: string,
    roles: string[],
    memberStatus: 'active' | 'suspended' = 'active',
  ): Principal => ({
    kind: 'member',
    id,
    roles,
    memberStatus,
  })
  const principals = {
    bankA: member('bank-a', ['furnisher', 'user']),
    bankB: member('bank-b', ['user']),
    suspended: member('bank-c', ['user'], 'suspended'),
    furnisherOnly: member('util-x', ['furnisher']),
    operator: { kind: 'operator', id: 'op-1', roles: ['operator'] } satisfies Principal,
    alice: { kind: 'consumer', id: alice, roles: [] } satisfies Principal,
    bob: { kind: 'consumer', id: bob, roles: [] } satisfies Principal,
  }
  const authenticate: Authenticate = async (request) =>
    (principals as Record<string, Principal>)[(request.headers.authorization ?? '').replace(/^Bearer /, '')]
  const app = await createHttpServer({ authenticate, rateLimit: false })
  await app.register(reports.routes)
  await app.register(rights.routes)
  await app.ready()
  return {
    db,
    audit,
    batcher,
    consent,
    rights,
    reports,
    reportDeps,
    app,
    clock,
    consumers: { alice, bob },
    principals,
    as: (who) => ({ authorization: `Bearer ${who}` }),
    async setProfile(code) {
      await consent.setProfile(code, { kind: 'operator', id: 'op-1' })
    },
    async grant({ purpose, categories, mode = 'store' }) {
      const receipt = await consent.request(principals.bankA, {
        nationalId: { type: 'us-ssn', value: SSN.alice },
        purpose: purpose as 'credit_application',
        categories: categories as ['accounts'],
        validTo: new Date(clock.now.getTime() + 30 * 86_400_000).toISOString(),
        mode,
        ...(mode === 'store' ? { storeDays: 30 } : {}),
      })
      await consent.approve(principals.alice, receipt.id)
      return receipt.id
    },
    async events(action) {
      const rows = await audit.tail({ limit: 500 })
      return rows
        .filter((r) => r.action === action)
        .map((r) => ({
          target: r.target,
          reason: r.reason,
          consumerKey: r.consumerKey,
          details: r.details,
          outcome: r.outcome,
          purpose: r.purpose,
          actorId: r.actor.id,
        }))
    },
    async dispose() {
      await app.close()
      await batcher.close()
      await db.dispose()
    },
  }
}
