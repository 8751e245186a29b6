// Blanks around a JSON Lines number, read as Metro 2 reads its left-justified, blank-filled fields (CRRG; the
// reader drops trailing blanks, metro2/field-reader.ts): "LOAN-1 " is the account "LOAN-1", never a second
// tradeline that doubles the consumer's debt, and "PAYPLAT01 " is the furnisher's registered number. A leading
// blank, which Metro 2 would keep as part of another number, is refused by name.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { IngestResult } from './index.ts'
import { openIngestTestbed, type IngestTestbed } from './ingest.fixture.ts'
import { events, line, text } from './jsonl.fixture.ts'

type Applied = Extract<IngestResult, { status: 'applied' }>

describe('JSON Lines numbers and blanks', () => {
  it('drops the trailing blanks of numbers, codes and names, as the Metro 2 reader does', async () => {
    const [e] = await events(
      line(
        { l1: { changeIndicator: 1, newConsumerAccountNumber: 'LOAN-78   ' } },
        {
          consumerAccountNumber: 'LOAN-77 ',
          identificationNumber: 'PAYPLAT01  ',
          specialComment: 'M ',
          surname: 'WANG ',
          firstLineAddress: ' 1 CHANGAN AVE ',
        },
      ) + '\n',
    )
    assert.equal(e?.kind, 'record', JSON.stringify(e?.issues))
    if (e?.kind !== 'record') return
    const b = e.record.base
    assert.deepEqual(
      [b.consumerAccountNumber, b.identificationNumber, b.specialComment, b.surname, b.firstLineAddress],
      ['LOAN-77', 'PAYPLAT01', 'M', 'WANG', ' 1 CHANGAN AVE'],
      'a leading blank of an address is kept, as Metro 2 keeps it',
    )
    assert.equal(e.record.l1?.newConsumerAccountNumber, 'LOAN-78')
  })

  it('refuses a number that begins with a blank, or ends with a blank Metro 2 cannot hold, by name', async () => {
    const [e] = await events(
      line({}, { consumerAccountNumber: ' LOAN-77', identificationNumber: 'PAYPLAT01\u3000' }) + '\n',
    )
    assert.deepEqual(
      e?.issues?.map((i) => i.message),
      [
        'base.identificationNumber: ends with a blank other than a space (such as U+00A0 or U+3000)',
        'base.consumerAccountNumber: begins with a blank: a Metro 2 number is left-justified (remove the blank)',
      ],
    )
  })

  it('refuses a number holding a character that does not show, naming it; a name keeps ZWNJ and ZWJ', async () => {
    const [e] = await events(
      line(
        { l1: { changeIndicator: 1, newConsumerAccountNumber: 'OK-2\u2060' } },
        { consumerAccountNumber: 'OK-1\u200b', identificationNumber: '\ufeffPAYPLAT01', surname: 'ROSTAMI' },
      ) + '\n',
    )
    const shows = 'a character that does not show (such as a zero-width space or a direction mark)'
    assert.deepEqual(
      e?.issues?.map((i) => i.message),
      [
        `base.identificationNumber: holds U+FEFF, ${shows}, which would make another number that looks the same`,
        `base.consumerAccountNumber: holds U+200B, ${shows}, which would make another number that looks the same`,
        `l1.newConsumerAccountNumber: holds U+2060, ${shows}, which would make another number that looks the same`,
      ],
    )
    const [persian] = await events(line({}, { surname: 'می\u200cخواهم', firstName: 'क्\u200dष' }) + '\n')
    assert.equal(persian?.kind, 'record', JSON.stringify(persian?.issues))
  })
})

describe('JSON Lines ingestion of numbers with trailing blanks', () => {
  let t: IngestTestbed
  before(async () => {
    t = await openIngestTestbed('2024-05-10T00:00:00Z', ['PAYPLAT01'])
  })
  after(() => t.db.dispose())

  const ingest = async (lines: string[]) =>
    (await t.furnishing.ingest.ingest({
      source: text(lines.join('\n') + '\n'),
      furnisher: 'first-bank',
    })) as Applied
  const accounts = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from account_index`.execute(t.db.kysely)).rows[0]!.n

  it('updates the account "LOAN-1" when next month names it "LOAN-1 ", under a padded registered number', async () => {
    const march = await ingest([line({}, { consumerAccountNumber: 'LOAN-1' })])
    assert.equal(march.counts.newAccounts, 1, JSON.stringify(march.issues))
    const april = await ingest([
      line(
        {},
        {
          consumerAccountNumber: 'LOAN-1 ',
          identificationNumber: 'PAYPLAT01 ',
          dateAccountInformation: '2024-04-30',
          paymentHistoryProfile: '000' + 'B'.repeat(21),
        },
      ),
    ])
    assert.deepEqual(
      [april.counts.accepted, april.counts.newAccounts, april.counts.updatedAccounts],
      [1, 0, 1],
      JSON.stringify(april.issues),
    )
    assert.equal(await accounts(), 1, 'one tradeline, not two')
  })

  it('keeps one account "OK-1" when next month names it "OK-1" and a zero-width space', async () => {
    await ingest([line({}, { consumerAccountNumber: 'OK-1' })])
    const before = await accounts()
    const r = await ingest([
      line({}, { consumerAccountNumber: 'OK-1\u200b', dateAccountInformation: '2024-04-30' }),
    ])
    assert.deepEqual([r.counts.accepted, r.counts.rejected], [0, 1])
    assert.equal(await accounts(), before, 'no second account that looks the same')
  })

  it('refuses "DUP-2  " after "DUP-2" in one file as the same account reported twice', async () => {
    const r = await ingest([
      line({}, { consumerAccountNumber: 'DUP-2' }),
      line({}, { consumerAccountNumber: 'DUP-2  ' }),
    ])
    assert.deepEqual([r.counts.accepted, r.counts.rejected], [1, 1])
    assert.deepEqual(
      r.issues.filter((i) => i.severity === 'error').map((i) => [i.recordNo, i.rule]),
      [[2, 'file.duplicate_account']],
    )
  })
})
