// A file whose furnisher is suspended, or whose API key is revoked, while it is still being read is not applied
// (found by probing: it was, 14 s after the revocation had answered): the sender is read again, FOR SHARE, before
// the file's transaction commits (sender-standing.ts). The suspension itself does not wait for the file.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createMembersModule, type MembersService } from '../members/index.ts'
import { sampleHeader, writeMetro2 } from '../metro2/index.ts'
import { AppError } from '../platform/errors.ts'
import { testingOnServer } from '../platform/testing.ts'
import { openIngestTestbed, singleRecord, type IngestTestbed } from './ingest.fixture.ts'

describe(
  'a sender that lapses while its file is read',
  { skip: !testingOnServer && 'an embedded database has one connection: a revocation waits for the file' },
  () => {
    let tb: IngestTestbed
    let members: MembersService
    before(async () => {
      tb = await openIngestTestbed('2024-05-02T12:00:00Z')
      members = createMembersModule(tb.db)
    })
    after(() => tb.db.dispose())

    const stored = async () =>
      (
        await sql<{ n: number }>`select
          (select count(*) from batches)::int + (select count(*) from tradelines)::int as n`.execute(
          tb.db.kysely,
        )
      ).rows[0]!.n

    /** Ingests a file of 2,000 accounts sent with `keyId` of `by`, running `meanwhile` before its last piece. */
    const sendWhile = async (keyId: string, meanwhile: () => Promise<unknown>, by = 'first-bank') => {
      const bytes = writeMetro2(
        {
          header: sampleHeader('2024-04-30'),
          data: Array.from({ length: 2000 }, (_, i) => singleRecord(`LAPSE-${keyId.slice(0, 8)}-${i}`)),
        },
        { format: 'fixed', lineBreaks: true },
      )
      // In eighths: the reader may ask for a piece ahead of what it has framed, and the transaction opens once the
      // first record is read; before the last piece, it is open and its batch row written.
      const piece = Math.ceil(bytes.length / 8)
      async function* source() {
        for (let at = 0; at < bytes.length; at += piece) {
          if (at + piece >= bytes.length) await meanwhile()
          yield bytes.subarray(at, at + piece)
        }
      }
      return tb.furnishing.ingest.ingest({
        source: source(),
        furnisher: 'first-bank',
        sender: { memberId: by, keyId },
      })
    }

    it('refuses the file of a key revoked meanwhile, and stores none of it', async () => {
      const { info } = await members.createApiKey('first-bank')
      const before = await stored()
      await assert.rejects(
        sendWhile(info.keyId, () => members.revokeApiKey(info.keyId)),
        (e: unknown) =>
          e instanceof AppError &&
          e.code === 'unauthenticated' &&
          /revoked while it was read/.test(e.message),
      )
      assert.equal(await stored(), before)
    })

    it('suspends the furnisher without waiting for its file, and refuses the file', async () => {
      const { info } = await members.createApiKey('first-bank')
      const before = await stored()
      after(() => members.reactivate('first-bank'))
      await assert.rejects(
        sendWhile(info.keyId, () => members.suspend('first-bank')),
        (e: unknown) =>
          e instanceof AppError &&
          e.code === 'forbidden' &&
          /suspended while its file was read/.test(e.message),
      )
      assert.equal(await stored(), before)
    })

    it('refuses the file an operator sends for the furnisher when the operator’s key is revoked meanwhile', async () => {
      await members.add({ id: 'ops', name: 'Ops', kind: 'bureau', roles: ['operator'], metro2Ids: [] })
      const { info } = await members.createApiKey('ops')
      // A second key: the last key of the last operator cannot be revoked (members' operator-guard.ts).
      await members.createApiKey('ops')
      const before = await stored()
      await assert.rejects(
        sendWhile(info.keyId, () => members.revokeApiKey(info.keyId), 'ops'),
        (e: unknown) => e instanceof AppError && e.code === 'unauthenticated',
      )
      assert.equal(await stored(), before)
      // The furnisher's own key is not the operator's: sent as another member's, it does not count as good.
      const furnisherKey = (await members.createApiKey('first-bank')).info.keyId
      await assert.rejects(
        sendWhile(furnisherKey, () => members.apiKeys('ops'), 'ops'),
        (e: unknown) => e instanceof AppError && e.code === 'unauthenticated',
      )
    })

    it('applies the file of a sender that stays in good standing', async () => {
      const { info } = await members.createApiKey('first-bank')
      const r = await sendWhile(info.keyId, () => members.apiKeys('first-bank'))
      assert.equal(r.status, 'applied')
    })
  },
)
