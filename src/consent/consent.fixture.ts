// Test setup shared by the consent tests: a migrated database (PGlite, or PostgreSQL with DATABASE_URL), two
// members, two consumers, a clock the test moves, and the real audit log behind the module's record callback.
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { createAuditModule } from '../audit/index.ts'
import { generateSecrets, type JurisdictionCode } from '../config.ts'
import { createMembersModule } from '../members/index.ts'
import type { Principal } from '../platform/http/index.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import {
  createConsentModule,
  type Consent,
  type ConsentAuditEvent,
  type ConsentModule,
  type ConsentRequest,
} from './index.ts'

export interface ConsentFixture {
  db: TestDb
  consent: ConsentModule
  /** Builds another module over the same database, as a second process would. */
  reopen(): ConsentModule
  consumers: { alice: string; bob: string }
  /** National IDs on file; `nobody` is well formed and on nobody's file. */
  ids: {
    alice: ConsentRequest['nationalId']
    bob: ConsentRequest['nationalId']
    nobody: ConsentRequest['nationalId']
  }
  events: ConsentAuditEvent[]
  clock: { now: Date; advanceDays(days: number): void }
  signingKey: string
  member(id: string, overrides?: Partial<Principal>): Principal
  consumer(key: string): Principal
  operator: Principal
  /** A request body of `bank` for Alice unless overridden. */
  request(overrides?: Partial<ConsentRequest>): ConsentRequest
  /** Requested by bank-a (`request(overrides)`) and approved by Alice: an active consent. */
  granted(overrides?: Partial<ConsentRequest>): Promise<Consent>
  dispose(): Promise<void>
}

const DAY_MS = 86_400_000

export async function openConsentFixture(
  jurisdiction: JurisdictionCode = 'US-FCRA',
): Promise<ConsentFixture> {
  const db = await openTestDb()
  const members = createMembersModule(db)
  for (const id of ['bank-a', 'bank-b']) {
    await members.add({ id, name: id.toUpperCase(), kind: 'bank', roles: ['user'], metro2Ids: [] })
  }
  const consumers = { alice: randomUUID(), bob: randomUUID() }
  for (const key of Object.values(consumers)) {
    await sql`insert into consumers (consumer_key) values (${key})`.execute(db.kysely)
  }
  const ids = {
    alice: { type: 'us-ssn', value: '123-45-6781' },
    bob: { type: 'us-ssn', value: '234-56-7890' },
    nobody: { type: 'us-ssn', value: '345-67-8901' },
  }
  const onFile = new Map([
    [`${ids.alice.type}:${ids.alice.value}`, consumers.alice],
    [`${ids.bob.type}:${ids.bob.value}`, consumers.bob],
  ])
  const clock = {
    now: new Date('2031-03-01T09:00:00.000Z'),
    advanceDays(days: number) {
      this.now = new Date(this.now.getTime() + days * DAY_MS)
    },
  }
  const events: ConsentAuditEvent[] = []
  const audit = createAuditModule(db)
  const { signingKey } = generateSecrets()
  const build = () =>
    createConsentModule(db, {
      secrets: { signingKey },
      jurisdiction,
      findConsumer: async (type, raw) => onFile.get(`${type}:${raw}`),
      record: async (tx, event) => {
        events.push(event)
        await (tx === undefined ? audit.appendNow(event) : audit.append(tx, event))
      },
      clock: () => clock.now,
    })
  const fixture: ConsentFixture = {
    db,
    consent: build(),
    reopen: build,
    consumers,
    ids,
    events,
    clock,
    signingKey,
    member: (id, overrides = {}) => ({
      kind: 'member',
      id,
      roles: ['user'],
      memberStatus: 'active',
      ...overrides,
    }),
    consumer: (key) => ({ kind: 'consumer', id: key, roles: [] }),
    operator: { kind: 'operator', id: 'op-1', roles: ['operator'] },
    request: (overrides = {}) => ({
      nationalId: ids.alice,
      purpose: 'employment',
      categories: ['accounts', 'payment_history'],
      validTo: new Date(clock.now.getTime() + 30 * DAY_MS).toISOString(),
      mode: 'store',
      storeDays: 30,
      ...overrides,
    }),
    async granted(overrides = {}) {
      const { id } = await fixture.consent.request(fixture.member('bank-a'), fixture.request(overrides))
      return fixture.consent.approve(fixture.consumer(consumers.alice), id)
    },
    dispose: () => db.dispose(),
  }
  return fixture
}
