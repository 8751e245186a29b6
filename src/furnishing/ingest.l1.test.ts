// An account number change (Metro 2 L1 segment): the account keeps its history under the new number, nothing is
// reported vanished, and a move onto a number that is already another account is refused.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { DataRecord } from '../metro2/index.ts'
import {
  jointRecord as joint,
  later,
  openIngestTestbed,
  renumbered,
  singleRecord as single,
  type IngestTestbed,
} from './ingest.fixture.ts'

describe('ingesting an L1 account number change', () => {
  let db: IngestTestbed['db']
  let reports: IngestTestbed['reports']
  let ingest: IngestTestbed['ingest']
  const accounts = async () =>
    (
      await sql<{
        a: string
      }>`select account_number || ':' || ecoa_code as a from tradelines order by 1`.execute(db.kysely)
    ).rows.map((r) => r.a)
  const indexed = async () =>
    (
      await sql<{ a: string }>`select account_number as a from account_index order by 1`.execute(db.kysely)
    ).rows.map((r) => r.a)

  before(async () => {
    ;({ db, reports, ingest } = await openIngestTestbed('2024-08-15T12:00:00Z', [
      'FURNISHER01',
      'FURNISHER02',
    ]))
    const march = await ingest([joint('A-1'), single('A-3')], '2024-03-31')
    assert.equal(march.counts.accepted, 2)
  })
  after(() => db.dispose())

  it('moves the account, every consumer on it and its history onto the new number', async () => {
    const april = await ingest(
      [renumbered(later(joint('A-1'), 1, '2024-04-30'), 'B-1'), later(single('A-3'), 1, '2024-04-30')],
      '2024-04-30',
    )
    assert.deepEqual([april.counts.accepted, april.counts.errors], [2, 0], JSON.stringify(april.issues))
    assert.equal(april.counts.renumberedAccounts, 1)
    assert.equal(april.counts.vanished, 0, 'the old number is not an account that vanished')
    assert.deepEqual(await accounts(), ['A-3:1', 'B-1:1', 'B-1:2'])
    assert.deepEqual(await indexed(), ['A-3', 'B-1'])
    const f = await reports.files.byNationalId('us-ssn', '123-45-6781')
    assert.equal(f.tradelines.length, 1)
    assert.equal(f.tradelines[0]!.accountNumber, '**1', 'B-1, masked')
    const history = await sql<{ n: number }>`
      select count(*)::int as n from tradeline_snapshots s join tradelines t using (consumer_key, tradeline_id)
       where t.account_number = 'B-1'`.execute(db.kysely)
    assert.equal(history.rows[0]!.n, 4, 'March and April, for both consumers')
  })

  it('goes on under the new number the month after, without the L1', async () => {
    const may = await ingest(
      [later(joint('B-1'), 2, '2024-05-31'), later(single('A-3'), 2, '2024-05-31')],
      '2024-05-31',
    )
    assert.deepEqual([may.counts.accepted, may.counts.updatedAccounts, may.counts.newAccounts], [2, 2, 0])
    assert.equal(may.counts.vanished, 0)
    assert.deepEqual(await accounts(), ['A-3:1', 'B-1:1', 'B-1:2'])
  })

  it('refuses to move an account onto a number that is another account on file', async () => {
    const june = await ingest(
      [later(joint('B-1'), 3, '2024-06-30'), renumbered(later(single('A-3'), 3, '2024-06-30'), 'B-1')],
      '2024-06-30',
    )
    assert.equal(june.counts.rejected, 1)
    const refused = june.issues.find((i) => i.rule === 'file.l1_number_taken')
    assert.ok(refused, JSON.stringify(june.issues))
    assert.equal(refused.account, 'A-3')
    assert.match(refused.message, /moves account "A-3" to "B-1", which is on file as another account/)
    // Its month-over-month checks are made against its own history (A-3), which it continues, not B-1's.
    assert.deepEqual(
      june.issues.filter((i) => i.account === 'A-3').map((i) => i.rule),
      ['file.l1_number_taken'],
    )
    assert.deepEqual(await indexed(), ['A-3', 'B-1'])
  })

  it('starts an account under the new number when the old one was never on file', async () => {
    const july = await ingest(
      [
        later(joint('B-1'), 4, '2024-07-31'),
        later(single('A-3'), 4, '2024-07-31'),
        renumbered(later(single('C-9'), 4, '2024-07-31'), 'C-10'),
      ],
      '2024-07-31',
    )
    assert.deepEqual(
      [july.counts.accepted, july.counts.newAccounts, july.counts.renumberedAccounts],
      [3, 1, 0],
    )
    assert.deepEqual(await indexed(), ['A-3', 'B-1', 'C-10'])
  })

  it("moves an account to another of the furnisher's identification numbers, never to someone else's", async () => {
    const idChange = (r: DataRecord, to: string, indicator: number, account = ''): DataRecord => ({
      ...r,
      l1: {
        segmentIdentifier: 'L1',
        changeIndicator: indicator,
        newConsumerAccountNumber: account,
        newIdentificationNumber: to,
      },
    })
    const august = await ingest(
      [
        later(joint('B-1'), 5, '2024-08-15'),
        idChange(later(single('A-3'), 5, '2024-08-15'), 'FURNISHER02', 2),
        idChange(later(single('C-10'), 1, '2024-08-15'), 'ELSEWHERE9', 3, 'C-11'),
      ],
      '2024-08-15',
    )
    assert.deepEqual([august.counts.accepted, august.counts.rejected], [2, 1], JSON.stringify(august.issues))
    const refused = august.issues.filter((i) => i.rule === 'furnisher.identification_number')
    assert.deepEqual(
      refused.map((i) => [i.account, i.segment, i.field]),
      [['C-10', 'l1', 'newIdentificationNumber']],
    )
    assert.match(refused[0]!.message, /"ELSEWHERE9" is not registered to furnisher "first-bank"/)
    assert.deepEqual(await indexed(), ['A-3', 'B-1', 'C-10'], 'the refused record moved nothing')
  })
})
