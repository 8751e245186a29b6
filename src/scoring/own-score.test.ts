// The consumer's own score (GET /v1/me/score) and the lender's (POST /v1/reports) on the same day: the same file
// gives the same score, reasons and model, an obsolete charge-off on file or not (FCRA §609(f): the consumer is
// told the score lenders get); and a file with no account gets no score on either path.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { sampleBase, sampleHeader, writeMetro2, type BaseSegment } from '../metro2/index.ts'
import type { LenderReport } from '../reports/index.ts'
import {
  insertConsumer,
  openScoringWorld,
  promoteChampion,
  syntheticModel,
  type ScoringWorld,
} from './scoring.fixture.ts'
import type { ConsumerScore } from './scoring.service.ts'

const SSN = { alice: 123456781, bob: 234567890 }

// The last month end before today: the furnished month, whatever day the test runs.
const now = new Date()
const MONTH_END = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)).toISOString().slice(0, 10)

const account = (o: Partial<BaseSegment>): BaseSegment =>
  sampleBase({
    timeStamp: `${MONTH_END}T10:00:00`,
    identificationNumber: 'OBFURN01',
    dateOpened: '2014-02-10',
    paymentHistoryProfile: '000000000000000000000000',
    dateAccountInformation: MONTH_END,
    dateLastPayment: MONTH_END,
    middleName: '',
    telephoneNumber: 0,
    ...o,
  })

describe('the consumer’s own score and the lender’s, on the same day', () => {
  let w: ScoringWorld
  const keys: Record<string, string> = {}
  const lender = { kind: 'member' as const, id: 'lender-1', roles: ['user'], memberStatus: 'active' as const }

  const report = async (ssn: number) => {
    const res = await w.http.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: w.as(lender),
      payload: {
        nationalId: { type: 'us-ssn', value: String(ssn).replace(/^(\d{3})(\d{2})/, '$1-$2-') },
        purpose: 'credit_application',
      },
    })
    assert.equal(res.statusCode, 200, res.body)
    return res.json<LenderReport>()
  }
  const ownScore = async (consumerKey: string) => {
    const res = await w.http.inject({
      method: 'GET',
      url: '/v1/me/score',
      headers: w.as({ kind: 'consumer', id: consumerKey, roles: [] }),
    })
    assert.equal(res.statusCode, 200, res.body)
    return res.json<ConsumerScore>()
  }
  /** Charges the account off (97) with a Date of First Delinquency long past US-FCRA's seven years. */
  const chargeOffIn2015 = async (accountNumber: string) => {
    const which = sql`account_number like ${`%${accountNumber}`}`
    await sql`update tradelines set account_status = '97', date_first_delinquency = '2015-03-01' where ${which}`.execute(
      w.db.kysely,
    )
    await sql`update tradeline_snapshots set account_status = '97', date_first_delinquency = '2015-03-01'
      where tradeline_id in (select tradeline_id from tradelines where ${which})`.execute(w.db.kysely)
  }

  before(async () => {
    w = await openScoringWorld()
    await w.mods.members.add({
      id: 'bank',
      name: 'Bank',
      kind: 'bank',
      roles: ['furnisher'],
      metro2Ids: ['OBFURN01'],
    })
    await w.mods.members.add({
      id: 'lender-1',
      name: 'Lender One',
      kind: 'bank',
      roles: ['user'],
      metro2Ids: [],
    })
    const bytes = writeMetro2(
      {
        header: sampleHeader(MONTH_END, { transUnionProgramIdentifier: 'OBFURN01' }),
        data: [
          account({
            consumerAccountNumber: 'CARD-1',
            portfolioType: 'R',
            accountType: '18',
            termsDuration: 'REV',
            creditLimit: 5000,
            highestCredit: 4000,
            currentBalance: 4500,
            scheduledMonthlyPaymentAmount: 90,
            actualPaymentAmount: 90,
            dateOpened: '2019-04-02',
            firstName: 'ALICE',
            socialSecurityNumber: SSN.alice,
          }),
          account({ consumerAccountNumber: 'AUTO-1', firstName: 'ALICE', socialSecurityNumber: SSN.alice }),
          account({
            consumerAccountNumber: 'BOB-1',
            surname: 'ROE',
            firstName: 'BOB',
            socialSecurityNumber: SSN.bob,
            dateBirth: '1970-01-01',
          }),
        ].map((base) => ({ base, j1: [], j2: [] })),
      },
      { format: 'fixed', lineBreaks: true },
    )
    const r = await w.mods.furnishing.ingest.ingest({
      source: (async function* () {
        yield bytes
      })(),
    })
    assert.equal(r.status, 'applied', JSON.stringify(r))
    assert.equal(r.counts.rejected, 0, JSON.stringify(r))
    for (const [who, ssn] of Object.entries(SSN)) {
      keys[who] = (await w.mods.identity.findConsumerByNationalId('us-ssn', String(ssn)))!
    }
    await chargeOffIn2015('AUTO-1')
    await chargeOffIn2015('BOB-1')
    keys['carol'] = await insertConsumer(w.db, 'bank', [])
    for (const segment of ['thick', 'thin'])
      await promoteChampion(w, syntheticModel(segment, { seed: segment === 'thick' ? 11 : 12 }))
  })
  after(() => w.dispose())

  it('gives the consumer the lender’s score and reasons, leaving out an obsolete charge-off as the report does', async () => {
    // The consumer first: the lender's report adds a hard inquiry, which the consumer's later view would count.
    const own = await ownScore(keys['alice']!)
    const r = await report(SSN.alice)
    assert.equal(
      (r.tradelines ?? []).some((t) => t.accountNumber.endsWith('O-1')),
      false,
      'the report leaves the 2015 charge-off out',
    )
    assert.ok(r.score !== undefined && own.score !== null, own.message)
    const { scoreId: _own, whatIf: _whatIf, ...consumer } = own.score
    const { scoreId: _lender, ...lenders } = r.score
    assert.deepEqual(consumer, lenders, 'the same file scores the same for the lender and the consumer')
    assert.equal(consumer.segment, 'thin', 'one account left: a thin file')
    const file = await w.mods.reports.files.byNationalId('us-ssn', '123-45-6781')
    assert.equal(file.tradelines.find((t) => t.accountNumber.endsWith('O-1'))?.status.code, '97')
  })

  it('gives no score, to the lender or the consumer, for a file with no account left', async () => {
    const r = await report(SSN.bob)
    assert.deepEqual([r.tradelines ?? [], r.score], [[], undefined])
    for (const who of ['bob', 'carol']) {
      const own = await ownScore(keys[who]!)
      assert.deepEqual([own.available, own.score], [false, null], who)
      assert.match(own.message, /not enough on your file to score/, who)
    }
    const scores = await sql<{ n: number }>`select count(*)::int as n from scores
      where consumer_key in (${keys['bob']!}, ${keys['carol']!})`.execute(w.db.kysely)
    assert.equal(scores.rows[0]?.n, 0)
  })

  it('leaves out, for both, a delinquency of a kept account past the retention period (obsolete-months.ts)', async () => {
    // Alice's card as first reported eight years ago: 180 days late, 30 days late four months before; since then
    // reported current.
    const year = now.getUTCFullYear() - 8
    const card = sql`tradeline_id in (select tradeline_id from tradelines where account_number like '%CARD-1')`
    await sql`update tradelines set date_opened = ${`${year - 2}-01-10`}::date where ${card}`.execute(
      w.db.kysely,
    )
    await sql`insert into tradeline_snapshots (consumer_key, tradeline_id, as_of, batch_id, account_status,
        payment_rating, payment_history, special_comment, compliance_condition, credit_limit, highest_credit,
        scheduled_payment, actual_payment, current_balance, amount_past_due, original_charge_off,
        date_first_delinquency, date_closed, date_last_payment)
      select consumer_key, tradeline_id, ${`${year}-02-28`}::date, batch_id, '84', '', '432100000000000000000000',
        '', '', credit_limit, highest_credit, scheduled_payment, actual_payment, current_balance, 900, 0,
        ${`${year - 1}-09-15`}::date, null, null
      from tradeline_snapshots where ${card}`.execute(w.db.kysely)
    const own = await ownScore(keys['alice']!)
    const r = await report(SSN.alice)
    assert.equal(r.summary.attributes['months_since_last_delinquency'], null)
    assert.equal(r.summary.attributes['worst_status_ever'], 0)
    assert.ok(r.score !== undefined && own.score !== null, own.message)
    const { scoreId: _own, whatIf: _whatIf, ...consumer } = own.score
    const { scoreId: _lender, ...lenders } = r.score
    assert.deepEqual(consumer, lenders)
  })
})
