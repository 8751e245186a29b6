// The world of the access matrix: the real server (buildServer over createModules, as `openbureau serve` builds
// it) on a fresh database, members of every role with API keys, two furnishers' Metro 2 files ingested by the
// furnishing module, two consumers enrolled over HTTP with sessions, consents in every state, and helpers that
// make a fresh target for a cell that changes what it touches.
import { BALANCE_RANGES, type Enrolment } from './consumers/index.ts'
import { sampleBase, sampleHeader, writeMetro2, type BaseSegment, type HeaderRecord } from './metro2/index.ts'
import { testApp } from './app.fixture.ts'
import { createModules, type Modules } from './modules.ts'
import type { HttpServer, Principal } from './platform/http/index.ts'
import { openTestDb, type TestDb } from './platform/testing.ts'
import { buildServer } from './server.ts'

export const ROLES = [
  'operator',
  'furnisher',
  'lender',
  'consumer',
  'supervisor',
  'anonymous',
  'suspended',
] as const
export type Role = (typeof ROLES)[number]

type Who = 'alice' | 'bob'
type Lender = 'lender-a' | 'lender-b' | 'suspended'

interface Holder {
  ssn: string
  surname: string
  firstName: string
  birthDate: string
  account: string
  opened: string
  balance: number
}

const PEOPLE: Record<Who | 'carol', Holder> = {
  alice: {
    ssn: '123-45-6781',
    surname: 'DOE',
    firstName: 'ALICE',
    birthDate: '1980-06-01',
    account: 'A-ALICE-1',
    opened: '2021-03-15',
    balance: 4200,
  },
  bob: {
    ssn: '234-56-7890',
    surname: 'ROE',
    firstName: 'BOB',
    birthDate: '1970-01-01',
    account: 'A-BOB-1',
    opened: '2019-09-01',
    balance: 15000,
  },
  carol: {
    ssn: '345-67-8901',
    surname: 'POE',
    firstName: 'CAROL',
    birthDate: '1990-02-02',
    account: 'B-CAROL-1',
    opened: '2020-05-05',
    balance: 800,
  },
}
export const PASSWORD = 'a long passphrase of my own'
const METRO2_ID = { 'furnisher-a': 'FURNA01', 'furnisher-b': 'FURNB01', suspended: 'SUSP01' } as const
export type FurnisherId = keyof typeof METRO2_ID

const header = (id: string): HeaderRecord =>
  sampleHeader('2024-05-31', { transUnionProgramIdentifier: id, reporterName: 'A BANK' })

const base = (id: string, h: Holder, account: string): BaseSegment =>
  sampleBase({
    timeStamp: '2024-06-01T10:00:00',
    identificationNumber: id,
    consumerAccountNumber: account,
    dateOpened: h.opened,
    paymentHistoryProfile: '000000000000000000000000',
    currentBalance: h.balance,
    dateAccountInformation: '2024-05-31',
    dateLastPayment: '2024-05-10',
    surname: h.surname,
    firstName: h.firstName,
    middleName: '',
    socialSecurityNumber: Number(h.ssn.replace(/-/g, '')),
    dateBirth: h.birthDate,
    telephoneNumber: 0,
  })

/** A Metro 2 file of `furnisher` (its identification number in header and records) with one account per holder. */
export function metro2File(
  furnisher: FurnisherId,
  accounts: { holder?: Who | 'carol'; account: string }[],
): Uint8Array {
  const id = METRO2_ID[furnisher]
  const data = accounts.map((a) => ({
    base: base(id, PEOPLE[a.holder ?? 'carol'], a.account),
    j1: [],
    j2: [],
  }))
  return writeMetro2({ header: header(id), data }, { format: 'fixed', lineBreaks: true })
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes
}

export interface World {
  server: HttpServer
  mods: Modules
  db: TestDb
  /** The bearer credential of each role; none for anonymous. */
  tokens: Record<Role, string | undefined>
  people: typeof PEOPLE
  batches: { own: string; other: string }
  /** Active consents for account reviews, approved by the consumer. */
  consents: { aliceLender: string; bobLender: string; aliceLenderB: string; aliceSuspended: string }
  bobAlert: string
  /** A consent of `member` for `who`'s account reviews, brought to `state`. */
  consent(member: Lender, who: Who, state: 'pending' | 'active' | 'paused'): Promise<string>
  /** A new session of Alice. */
  session(): Promise<string>
  /** A new API key of the spare member, by id. */
  spareKey(): Promise<string>
  principal(who: Who): Principal
  dispose(): Promise<void>
}

const member = (id: string, roles: string[]): Principal => ({
  kind: 'member',
  id,
  roles,
  memberStatus: 'active',
})

export async function openAccessWorld(): Promise<World> {
  const db = await openTestDb()
  const app = testApp(db, { OPENBUREAU_JURISDICTION: 'HU-KHR' })
  const mods = createModules(app)
  const m = mods.members
  const add = (
    id: string,
    name: string,
    kind: 'bank' | 'bureau' | 'regulator' | 'fintech_lender',
    roles: ('furnisher' | 'user' | 'supervisor' | 'operator')[],
    metro2Ids: string[] = [],
  ) => m.add({ id, name, kind, roles, metro2Ids })
  await add('bureau', 'The Bureau', 'bureau', ['operator'])
  await add('furnisher-a', 'Alpha Bank', 'bank', ['furnisher'], [METRO2_ID['furnisher-a']])
  await add('furnisher-b', 'Beta Bank', 'bank', ['furnisher'], [METRO2_ID['furnisher-b']])
  await add('lender-a', 'Lender A', 'fintech_lender', ['user'])
  await add('lender-b', 'Lender B', 'fintech_lender', ['user'])
  await add('regulator', 'The Regulator', 'regulator', ['supervisor'])
  // Both member roles (DESIGN.md keeps the supervisor apart from them), so that each route's answer to
  // suspension shows.
  await add('suspended', 'Suspended Bank', 'bank', ['furnisher', 'user'], [METRO2_ID.suspended])
  await add('spare', 'Spare Lender', 'fintech_lender', ['user'])
  const key = async (id: string) => (await m.createApiKey(id)).key

  const ingest = async (furnisher: FurnisherId, bytes: Uint8Array) => {
    const r = await mods.furnishing.ingest.ingest({ source: once(bytes), furnisher })
    if (r.status !== 'applied' || r.counts.rejected > 0)
      throw new Error(`file not applied: ${JSON.stringify(r)}`)
    return r.batchId
  }
  const own = await ingest(
    'furnisher-a',
    metro2File('furnisher-a', [
      { holder: 'alice', account: PEOPLE.alice.account },
      { holder: 'bob', account: PEOPLE.bob.account },
    ]),
  )
  const other = await ingest(
    'furnisher-b',
    metro2File('furnisher-b', [{ holder: 'carol', account: PEOPLE.carol.account }]),
  )

  const server = await buildServer(app, mods, { rateLimit: false, logRequests: false })
  await server.ready()

  // Enrolment as a consumer does it: the choices that name what they know of their account.
  const enrol = async (who: Who) => {
    const p = PEOPLE[who]
    const started = await server.inject({
      method: 'POST',
      url: '/v1/consumers/enrolments',
      payload: {
        nationalId: { type: 'us-ssn', value: p.ssn },
        surname: p.surname,
        firstName: p.firstName,
        birthDate: p.birthDate,
      },
    })
    const e = started.json<Enrolment>()
    const range = BALANCE_RANGES.find((r) => p.balance >= r.min && p.balance <= r.max)!.text
    const known = { lender: 'Alpha Bank', yearOpened: p.opened.slice(0, 4), balance: range }
    const answers = Object.fromEntries(
      e.questions.map((q) => [q.id, q.choices.find((c) => c.text === known[q.id])?.id ?? 'none']),
    )
    const done = await server.inject({
      method: 'POST',
      url: `/v1/consumers/enrolments/${e.id}/answers`,
      payload: { answers, login: who, password: PASSWORD },
    })
    if (done.statusCode !== 201) throw new Error(`enrolment of ${who} failed: ${done.body}`)
    return done.json<{ consumerKey: string; session: { token: string } }>()
  }
  const alice = await enrol('alice')
  const bob = await enrol('bob')
  const principal = (who: Who): Principal => ({
    kind: 'consumer',
    id: (who === 'alice' ? alice : bob).consumerKey,
    roles: [],
  })

  const consent = async (lender: Lender, who: Who, state: 'pending' | 'active' | 'paused') => {
    const by = lender === 'suspended' ? member('suspended', ['furnisher', 'user']) : member(lender, ['user'])
    const { id } = await mods.consent.request(by, {
      nationalId: { type: 'us-ssn', value: PEOPLE[who].ssn },
      purpose: 'account_review',
      categories: ['accounts', 'payment_history'],
      validTo: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      mode: 'store',
      storeDays: 30,
    })
    if (state !== 'pending') await mods.consent.approve(principal(who), id)
    if (state === 'paused') await mods.consent.pause(principal(who), id)
    return id
  }
  const consents = {
    aliceLender: await consent('lender-a', 'alice', 'active'),
    bobLender: await consent('lender-a', 'bob', 'active'),
    aliceLenderB: await consent('lender-b', 'alice', 'active'),
    aliceSuspended: await consent('suspended', 'alice', 'active'),
  }
  const bobAlert = (await mods.rights.placeAlert(principal('bob'), { kind: 'initial' })).id
  await m.suspend('suspended')

  const tokens: Record<Role, string | undefined> = {
    operator: await key('bureau'),
    furnisher: await key('furnisher-a'),
    lender: await key('lender-a'),
    consumer: alice.session.token,
    supervisor: await key('regulator'),
    anonymous: undefined,
    suspended: await key('suspended'),
  }
  return {
    server,
    mods,
    db,
    tokens,
    people: PEOPLE,
    batches: { own, other },
    consents,
    bobAlert,
    consent,
    async session() {
      const r = await mods.consumers.signIn({ login: 'alice', password: PASSWORD })
      return r.token
    },
    spareKey: async () => (await m.createApiKey('spare')).info.keyId,
    principal,
    async dispose() {
      await server.close()
      await mods.close()
      await db.dispose()
    },
  }
}
