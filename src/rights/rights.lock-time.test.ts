// A change to a consumer's protections takes its time once it holds the file's lock, so one that waited for
// another is stamped after it (PostgreSQL: on PGlite transactions run one after another in call order anyway).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createAuditModule } from '../audit/index.ts'
import { generateSecrets } from '../config.ts'
import { createIdentityModule } from '../identity/index.ts'
import type { Principal } from '../platform/http/index.ts'
import { openTestDb, testingOnServer, type TestDb } from '../platform/testing.ts'
import { createRightsModule, type RightsModule } from './index.ts'

describe('the time of a protection change', { skip: !testingOnServer && 'needs a second connection' }, () => {
  let db: TestDb
  let rights: RightsModule
  let consumer: Principal
  let now = new Date('2024-07-10T09:00:00.000Z')
  before(async () => {
    db = await openTestDb()
    const identity = createIdentityModule(db, generateSecrets())
    const address = {
      line1: '1 Main St',
      line2: '',
      city: 'Town',
      state: 'NY',
      postcode: '10001',
      country: 'US',
    }
    const person = { surname: 'LOCK', firstName: 'X', birthDate: '1980-01-01', address }
    const [r] = await db.transaction((tx) => identity.resolveIdentities(tx, [person], '2024-07-01', 'test'))
    if (!r?.ok) throw new Error('fixture consumer not created')
    consumer = { kind: 'consumer', id: r.consumerKey, roles: [] }
    const audit = createAuditModule(db)
    rights = createRightsModule(db, {
      record: (tx, e) => audit.append(tx, e).then(() => {}),
      seal: (tx, key, text) => identity.sealValue(tx, key, 'alert_contact', text),
      open: (tx, key, sealed) => identity.openValue(tx, key, 'alert_contact', sealed),
      clock: () => now,
    })
  })
  after(() => db.dispose())

  it('stamps a lift that waited for a freeze placed meanwhile after that freeze', async () => {
    let lifting: Promise<unknown> | undefined
    // Another request holds the file's lock: it places a freeze while the lift, asked for earlier, waits.
    await db.transaction(async (tx) => {
      await sql`select 1 from consumers where consumer_key = ${consumer.id}::uuid for no key update`.execute(
        tx.kysely,
      )
      lifting = rights.liftFreeze(consumer)
      await new Promise((resolve) => setTimeout(resolve, 200))
      now = new Date('2024-07-10T09:00:01.000Z')
      await sql`insert into security_freezes (consumer_key, freeze_id, placed_at)
        values (${consumer.id}::uuid, gen_random_uuid(), ${now})`.execute(tx.kysely)
    })
    await lifting
    const rows = await sql<{ placed_at: Date; lifted_at: Date | null }>`select placed_at, lifted_at
      from security_freezes where consumer_key = ${consumer.id}::uuid`.execute(db.kysely)
    assert.deepEqual(
      rows.rows.map((f) => [f.placed_at.toISOString(), f.lifted_at?.toISOString()]),
      [['2024-07-10T09:00:01.000Z', '2024-07-10T09:00:01.000Z']],
    )
  })
})
