// Test setup shared by the consumers tests: a migrated database (PGlite, or PostgreSQL with DATABASE_URL), five
// furnishers, a real file built by ingesting a Metro 2 file through the furnishing module, a consumer known to
// identity with no account, a clock the test moves, and the real audit log behind the module's record callback.
import { generateSecrets } from '../config.ts'
import { createAuditModule, type AuditModule } from '../audit/index.ts'
import { createFurnishingModule } from '../furnishing/index.ts'
import { createIdentityModule, type IdentityService } from '../identity/index.ts'
import { createMembersModule } from '../members/index.ts'
import { sampleBase, sampleHeader, writeMetro2, type BaseSegment, type DataRecord } from '../metro2/index.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { createReportsModule } from '../reports/index.ts'
import { createRightsModule, type RightsModule } from '../rights/index.ts'
import { createConsumersModule, type Answers, type ConsumersModule, type Enrolment } from './index.ts'

const FURNISHER_ID = 'FIRSTBANK01'
export const LENDER = 'First Bank of Springfield'
/** Furnishers holding no account of anyone on file: the decoys of the lender question. */
export const OTHER_LENDERS = [
  'Second Savings',
  'Metro Credit Union',
  'City Auto Finance',
  'Bright Power Utility',
]

export interface Person {
  nationalId: { type: string; value: string }
  surname: string
  firstName: string
  birthDate: string
}

/** Jane has two accounts at First Bank; Richard and Mary are known to identity with none; Nobody is on no file. */
export const PEOPLE = {
  jane: {
    nationalId: { type: 'us-ssn', value: '123-45-6781' },
    surname: 'Doe',
    firstName: 'Jane',
    birthDate: '1980-06-01',
  },
  richard: {
    nationalId: { type: 'us-ssn', value: '234-56-7890' },
    surname: 'Roe',
    firstName: 'Richard',
    birthDate: '1970-01-01',
  },
  mary: {
    nationalId: { type: 'us-ssn', value: '456-78-9012' },
    surname: 'Major',
    firstName: 'Mary',
    birthDate: '1985-05-05',
  },
  nobody: {
    nationalId: { type: 'us-ssn', value: '345-67-8901' },
    surname: 'Nobody',
    firstName: 'Ann',
    birthDate: '1990-02-02',
  },
} satisfies Record<string, Person>

/** What Jane knows of her most recently opened account: the card opened in September 2023, balance 1,200. */
export const JANE_KNOWS = { lender: LENDER, year: '2023', balance: '500 - 1,999' }

export interface ConsumersFixture {
  db: TestDb
  consumers: ConsumersModule
  /** The consumers' protections, which their own file shows. */
  rights: RightsModule
  audit: AuditModule
  /** The identity module the fixture's consumers were resolved with. */
  identity: IdentityService
  clock: { now: Date; advance(ms: number): void }
  keys: { jane: string; richard: string; mary: string }
  /** The choice whose text is `text`, as a consumer would pick it; 'none' when no option says it. */
  pick(e: Enrolment, known: { lender: string; year: string; balance: string } | 'none'): Answers
  /** Enrols Jane online with her right answers under `login` and `password`; her first session's token. */
  enrolJane(login: string, password: string): Promise<string>
  dispose(): Promise<void>
}

/** A current instalment loan of Jane's, reported for March 2024, bent by `overrides`. */
const base = (overrides: Partial<BaseSegment>): BaseSegment =>
  sampleBase({
    identificationNumber: FURNISHER_ID,
    consumerAccountNumber: 'LOAN-1',
    socialSecurityNumber: 123456781,
    ...overrides,
  })

const janesAccounts = (): DataRecord[] => [
  { base: base({}), j1: [], j2: [] },
  {
    base: base({
      consumerAccountNumber: 'CARD-7',
      portfolioType: 'R',
      accountType: '18',
      dateOpened: '2023-09-01',
      creditLimit: 5000,
      highestCredit: 2000,
      termsDuration: 'REV',
      scheduledMonthlyPaymentAmount: 35,
      actualPaymentAmount: 35,
      currentBalance: 1200,
      paymentHistoryProfile: '000000BBBBBBBBBBBBBBBBBB',
    }),
    j1: [],
    j2: [],
  },
]

async function* once(data: Uint8Array): AsyncGenerator<Uint8Array> {
  yield data
}

export async function openConsumersFixture(): Promise<ConsumersFixture> {
  const db = await openTestDb()
  const secrets = generateSecrets()
  const clock = {
    now: new Date('2024-05-15T12:00:00.000Z'),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms)
    },
  }
  const members = createMembersModule(db)
  await members.add({
    id: 'first-bank',
    name: LENDER,
    kind: 'bank',
    roles: ['furnisher', 'user'],
    metro2Ids: [FURNISHER_ID],
  })
  for (const [i, name] of OTHER_LENDERS.entries()) {
    await members.add({ id: `other-${i}`, name, kind: 'bank', roles: ['furnisher'], metro2Ids: [] })
  }
  await members.add({
    id: 'lender-only',
    name: 'Never Furnishes Ltd',
    kind: 'fintech_lender',
    roles: ['user'],
    metro2Ids: [],
  })
  const identity = createIdentityModule(db, secrets)
  const furnishing = createFurnishingModule(db, { identity, members, clock: () => clock.now })
  const file = writeMetro2(
    { header: sampleHeader('2024-03-31'), data: janesAccounts() },
    { format: 'fixed', lineBreaks: true },
  )
  const ingested = await furnishing.ingest.ingest({ source: once(file), furnisher: 'first-bank' })
  if (ingested.status !== 'applied' || ingested.counts.accepted !== 2) {
    throw new Error(`fixture file not applied: ${JSON.stringify(ingested)}`)
  }
  const known = await db.transaction((tx) =>
    identity.resolveIdentities(
      tx,
      [PEOPLE.richard, PEOPLE.mary].map((p) => ({
        nationalId: { type: 'us-ssn' as const, normalised: p.nationalId.value.replace(/-/g, '') },
        surname: p.surname.toUpperCase(),
        firstName: p.firstName.toUpperCase(),
        birthDate: p.birthDate,
      })),
      '2024-03-31',
      'fixture',
    ),
  )
  const jane = await identity.findConsumerByNationalId('us-ssn', PEOPLE.jane.nationalId.value)
  const [richard, mary] = known
  if (jane === undefined || richard?.ok !== true || mary?.ok !== true)
    throw new Error('fixture consumers missing')
  const reports = createReportsModule(db.kysely, { identity })
  const audit = createAuditModule(db)
  const rights = createRightsModule(db, {
    clock: () => clock.now,
    seal: (tx, consumerKey, text) => identity.sealValue(tx, consumerKey, 'alert_contact', text),
    open: (tx, consumerKey, sealed) => identity.openValue(tx, consumerKey, 'alert_contact', sealed),
  })
  const consumers = createConsumersModule(db, {
    identity,
    files: reports.files,
    rights,
    members,
    secrets,
    clock: () => clock.now,
    startFloorMs: 0,
    record: async (tx, event) => {
      await (tx === undefined ? audit.appendNow(event) : audit.append(tx, event))
    },
  })
  const choose = (e: Enrolment, id: 'lender' | 'yearOpened' | 'balance', text: string | undefined) =>
    e.questions.find((q) => q.id === id)!.choices.find((c) => c.text === text)?.id ?? 'none'
  const pick: ConsumersFixture['pick'] = (e, known) => ({
    lender: choose(e, 'lender', known === 'none' ? undefined : known.lender),
    yearOpened: choose(e, 'yearOpened', known === 'none' ? undefined : known.year),
    balance: choose(e, 'balance', known === 'none' ? undefined : known.balance),
  })
  return {
    db,
    consumers,
    rights,
    audit,
    identity,
    clock,
    keys: { jane, richard: richard.consumerKey, mary: mary.consumerKey },
    pick,
    async enrolJane(login, password) {
      const e = await consumers.startEnrolment(PEOPLE.jane)
      const answers = pick(e, JANE_KNOWS)
      return (await consumers.completeEnrolment(e.id, { answers, login, password })).session.token
    },
    dispose: () => db.dispose(),
  }
}
