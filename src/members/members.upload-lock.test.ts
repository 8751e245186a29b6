// Found by probing: a furnisher's upload in progress holds its batch row's foreign-key lock (FOR KEY SHARE) on the
// furnisher's member row until the file commits, and a suspension took that row FOR UPDATE, so it waited for the
// upload, as long as the furnisher kept sending; meanwhile it held every active operator's row, and other
// suspensions and an operator's new key waited too. The member rows are now taken FOR NO KEY UPDATE (the status
// is no key), which a foreign key's lock does not block (PostgreSQL §13.3.2).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { eventually, openTestDb, testingOnServer, type TestDb } from '../platform/testing.ts'
import { createMembersModule, type MembersService } from './index.ts'

describe(
  'suspending a member while a transaction holds its row for a foreign key',
  { skip: !testingOnServer && 'an embedded database has one connection: transactions take turns' },
  () => {
    let db: TestDb
    let members: MembersService
    before(async () => {
      db = await openTestDb()
      members = createMembersModule(db)
      for (const [id, roles] of [
        ['op-a', ['operator']],
        ['op-b', ['operator']],
        ['furn-a', ['furnisher']],
        ['bank-b', ['user']],
      ] as const)
        await members.add({ id, name: id, kind: 'bank', roles: [...roles], metro2Ids: [] })
    })
    after(() => db.dispose())

    it('suspends it, another member and issues an operator key without waiting for that transaction', async () => {
      let release = () => {}
      const held = new Promise<void>((resolve) => (release = resolve))
      let locked = () => {}
      const isLocked = new Promise<void>((resolve) => (locked = resolve))
      // An upload's transaction as it stands mid-file: its batch row's foreign key holds the furnisher's row.
      const upload = db.transaction(async (tx) => {
        await sql`select 1 from members where member_id = 'furn-a' for key share`.execute(tx.kysely)
        locked()
        await held
      })
      await isLocked
      const done: string[] = []
      const changes = Promise.all([
        members.suspend('furn-a').then(() => done.push('furn-a')),
        members.suspend('bank-b').then(() => done.push('bank-b')),
        members.createApiKey('op-a').then(() => done.push('key')),
      ])
      try {
        assert.ok(
          await eventually(() => done.length === 3, 5000),
          `done while the upload ran: ${done.join(', ')}`,
        )
      } finally {
        release()
        await upload
        await changes
      }
      assert.equal((await members.get('furn-a')).status, 'suspended')
    })
  },
)
