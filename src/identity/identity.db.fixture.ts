// Test setup shared by the identity tests on the database (identity.db.*.test.ts): people of their own for every
// test, and a describe per sealing mode, each with a migrated database (PGlite, or PostgreSQL with DATABASE_URL),
// the identity module on it, the consumers it reported shredded, and helpers to resolve and to count rows.
import assert from 'node:assert/strict'
import { after, before, describe } from 'node:test'
import { sql, type RawBuilder } from 'kysely'
import { generateSecrets } from '../config.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { createIdentityModule, type IdentityInput, type IdentityService, type Resolution } from './index.ts'

export const IDENTITY_TABLES = [
  'consumers',
  'consumer_keys',
  'consumer_pii',
  'id_tokens',
  'match_keys',
  'match_key_claims',
]

// Every test uses people of its own (SSN serial and postcode from a counter), so tests share one database.
let n = 0
export function person(over: Partial<IdentityInput> = {}): IdentityInput & { ssn: string; postcode: string } {
  n++
  const ssn = `512-34-${String(n).padStart(4, '0')}`
  const postcode = String(60000 + n)
  return {
    ssn,
    postcode,
    nationalId: { type: 'us-ssn', normalised: ssn.replace(/-/g, '') },
    surname: 'Whitcombe',
    firstName: 'Ottoline',
    middleName: 'Q',
    birthDate: '1971-03-14',
    address: {
      line1: '12 Quillfeather Lane',
      line2: '',
      city: 'Springfield',
      state: 'IL',
      postcode,
      country: 'US',
    },
    phone: '217-555-0134',
    ...over,
  }
}

export const ok = (r: Resolution | undefined) => {
  assert.ok(r?.ok, `expected a resolution, got ${JSON.stringify(r)}`)
  return r
}

/** What the tests of one describe share; `db` and `identity` are there once the describe's `before` has run. */
export interface IdentityDbFixture {
  readonly db: TestDb
  readonly identity: IdentityService
  /** The consumer keys that the module reported shredded. */
  shredded: string[]
  /** Resolves the items in a transaction of their own. */
  resolve: (items: IdentityInput[], asOf?: string, source?: string) => Promise<Resolution[]>
  /** The number of rows of `table` that match `where`. */
  count: (table: string, where?: RawBuilder<unknown>) => Promise<number>
}

// Every test twice: new consumers sealed in this thread (chunks under SEAL_OFF_THREAD_FROM) and on the worker
// thread (from one new consumer up), which must store exactly the same.
export function describeIdentityDb(suite: (fx: IdentityDbFixture) => void): void {
  for (const [where, sealOffThreadFrom] of [
    ['in this thread', undefined],
    ['on the worker thread', 0],
  ] as const)
    void describe(`IdentityService on the database, new consumers sealed ${where}`, () => {
      let db: TestDb | undefined
      let identity: IdentityService | undefined
      const secrets = generateSecrets()
      const fx: IdentityDbFixture = {
        get db() {
          assert.ok(db, 'the database opens in before()')
          return db
        },
        get identity() {
          assert.ok(identity, 'the identity module is built in before()')
          return identity
        },
        shredded: [],
        resolve: (items, asOf = '2026-01-31', source = 'acme-bank') =>
          fx.db.transaction((tx) => fx.identity.resolveIdentities(tx, items, asOf, source)),
        count: async (table, where = sql`true`) =>
          (
            await sql<{
              n: number
            }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(fx.db.kysely)
          ).rows[0]!.n,
      }

      before(async () => {
        db = await openTestDb()
        identity = createIdentityModule(db, secrets, {
          record: async (_tx, e) => void fx.shredded.push(e.consumerKey),
          sealOffThreadFrom,
        })
      })
      after(() => db?.dispose())

      suite(fx)
    })
}
