import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { buildBureauDatasets, type DatasetSource, type Observation } from './bureau-dataset.ts'
import { consumerKeyPages } from './bureau-dataset.store.ts'
import {
  insertConsumer,
  monthEnds,
  openScoringWorld,
  syntheticModel,
  type MonthReport,
  type ScoringWorld,
} from './scoring.fixture.ts'
import type { Segment } from './bureau-outcome.ts'

const D = '2024-06-30'
// January 2024 to June 2025: six months up to D and the twelve of the outcome window.
const MONTHS = monthEnds('2024-01', 18)
const current = (months: readonly string[], o: Partial<MonthReport> = {}): MonthReport[] =>
  months.map((asOf) => ({ asOf, ...o }))
const card = (months: MonthReport[]) => ({ portfolio: 'R', type: '18', opened: '2019-03-01', months })
const loan = (months: MonthReport[], opened = '2021-05-01') => ({
  portfolio: 'I',
  type: '00',
  opened,
  months,
})

describe('buildBureauDatasets on a hand-built history', () => {
  let w: ScoringWorld
  const keys: Record<string, string> = {}
  let source: DatasetSource
  let obs: Observation

  /** The consumer's row: segment, outcome and attributes, looked up by key. */
  const rowOf = (o: Observation, who: string) => {
    for (const segment of ['thick', 'thin'] as Segment[]) {
      const i = o.keys![segment].indexOf(keys[who]!)
      if (i < 0) continue
      const t = o.tables[segment]
      const value = (name: string) => {
        const c = t.columns.find((x) => x.name === name)!
        return c.kind === 'numeric' ? c.values[i]! : Number.NaN
      }
      return { segment, bad: t.target!.values[i] === 1, value }
    }
    return undefined
  }

  before(async () => {
    w = await openScoringWorld()
    await w.mods.members.add({
      id: 'bank',
      name: 'Bank',
      kind: 'bank',
      roles: ['furnisher', 'user'],
      metro2Ids: [],
    })
    const add = (accounts: Parameters<typeof insertConsumer>[2]) => insertConsumer(w.db, 'bank', accounts)
    keys['good'] = await add([card(current(MONTHS)), loan(current(MONTHS))])
    // 90 days past due on the last day of the window.
    keys['badOnEdge'] = await add([
      card(current(MONTHS)),
      loan([...current(MONTHS.slice(0, 17)), { asOf: MONTHS[17]!, status: '80' }]),
    ])
    // 90 days past due one month after the window: a good.
    keys['badAfter'] = await add([
      card(current(MONTHS)),
      loan([...current(MONTHS), { asOf: '2025-07-31', status: '80' }]),
    ])
    // Stops reporting at D: indeterminate.
    keys['silent'] = await add([card(current(MONTHS.slice(0, 6))), loan(current(MONTHS.slice(0, 6)))])
    // Paid off before D: not in the population.
    keys['closed'] = await add([
      loan([...current(MONTHS.slice(0, 4)), { asOf: MONTHS[4]!, status: '13', closed: '2024-05-20' }]),
    ])
    // A telecom account only: thin file; its collection in the window is a bad.
    keys['phoneOnly'] = await add([
      {
        portfolio: 'O',
        type: '4D',
        opened: '2022-01-01',
        months: [...current(MONTHS.slice(0, 8)), ...current(MONTHS.slice(8), { status: '93' })],
      },
    ])
    // One card at D; a loan opened after D goes 90 days late: a bad, and the loan is not among D's attributes.
    keys['newLoan'] = await add([
      card(current(MONTHS, { balance: 4000 })),
      loan(
        [
          ...current(MONTHS.slice(7, 12), { balance: 90_000 }),
          ...current(MONTHS.slice(12), { status: '80' }),
        ],
        '2024-07-10',
      ),
    ])
    source = {
      // Pages of two consumers: the keyset pages must cover everyone exactly once.
      pages: () => consumerKeyPages(w.db.kysely, 2),
      inputsForMany: (k) => w.mods.reports.attributeInputsForMany(k),
    }
    ;[obs] = (await buildBureauDatasets(source, [D], { withKeys: true })) as [Observation]
  })
  after(() => w.dispose())

  it('counts who is in the population, who is left out, and the bads of each segment', () => {
    assert.equal(obs.windowEnd, '2025-06-30')
    assert.deepEqual(obs.counts, {
      consumers: 7,
      withOpenAccount: 6,
      indeterminate: 1,
      rows: { thick: 3, thin: 2 },
      bads: { thick: 1, thin: 2 },
    })
    assert.equal(rowOf(obs, 'silent'), undefined)
    assert.equal(rowOf(obs, 'closed'), undefined)
  })

  it('labels each consumer by what happened in (D, D + 12 months]', () => {
    assert.deepEqual(
      ['good', 'badOnEdge', 'badAfter', 'phoneOnly', 'newLoan'].map((who) => {
        const r = rowOf(obs, who)!
        return [who, r.segment, r.bad]
      }),
      [
        ['good', 'thick', false],
        ['badOnEdge', 'thick', true],
        ['badAfter', 'thick', false],
        ['phoneOnly', 'thin', true],
        ['newLoan', 'thin', true],
      ],
    )
  })

  it('computes attributes as of D: an account opened after it is not seen', () => {
    const r = rowOf(obs, 'newLoan')!
    assert.equal(r.value('all_accounts'), 1)
    assert.equal(r.value('total_balance'), 4000)
    assert.equal(rowOf(obs, 'phoneOnly')!.value('alternative_payment_accounts'), 1)
    assert.equal(rowOf(obs, 'phoneOnly')!.value('alternative_on_time_share'), 1)
  })

  it('gives the same rows whatever is added after the outcome window (no look-ahead)', async () => {
    const k = keys['good']!
    const id = (
      await sql<{
        tradeline_id: string
      }>`select tradeline_id from tradelines where consumer_key = ${k} limit 1`.execute(w.db.kysely)
    ).rows[0]!.tradeline_id
    await sql`insert into tradeline_snapshots (consumer_key, tradeline_id, as_of, batch_id, account_status, payment_rating,
        payment_history, special_comment, compliance_condition, credit_limit, highest_credit, scheduled_payment,
        actual_payment, current_balance, amount_past_due, original_charge_off)
      values (${k}, ${id}, '2025-09-30', gen_random_uuid(), '97', '', 'LLLL', '', '', 0, 99999, 0, 0, 99999, 99999, 99999)`.execute(
      w.db.kysely,
    )
    await sql`insert into inquiries (consumer_key, inquiry_id, member_id, purpose, hard, legal_ground, at)
      values (${k}, gen_random_uuid(), 'bank', 'credit_application', true, 'test', '2024-07-15T10:00:00Z')`.execute(
      w.db.kysely,
    )
    const [again] = (await buildBureauDatasets(source, [D], { withKeys: true })) as [Observation]
    for (const segment of ['thick', 'thin'] as const) {
      assert.deepEqual(again.keys![segment], obs.keys![segment])
      assert.deepEqual(again.tables[segment], obs.tables[segment])
    }
  })

  it('trains no model for a segment with too few rows or bads, and says why', async () => {
    const r = await w.mods.scoring.trainFromBureau({ asOf: D })
    assert.deepEqual(r.candidates, [])
    assert.deepEqual(
      r.skipped.map((s) => s.segment),
      ['thick', 'thin'],
    )
    assert.match(r.skipped[0]!.reason, /3 rows and 1 bads: at least 200 rows and 20 bads/)
    assert.deepEqual(await w.mods.scoring.models(), [])
  })

  it('writes a stored model’s validation report on the bureau data, and refuses a date without outcomes', async () => {
    const m = await w.mods.scoring.registry.register({
      model: syntheticModel('thick'),
      asOf: D,
      performance: {
        train: { rows: 1, events: 1, eventRate: 1, auc: 0.5, gini: 0, ks: 0 },
        outOfTime: null,
        population: null,
      },
    })
    const r = await w.mods.scoring.validationReport({ version: m.version })
    assert.deepEqual([r.asOf, r.windowEnd, r.counts.rows.thick], [D, '2025-06-30', 3])
    assert.match(
      r.html,
      /thick file consumers observed at 2024-06-30, outcomes in \(2024-06-30, 2025-06-30\]/,
    )
    await assert.rejects(
      w.mods.scoring.validationReport({ version: m.version, asOf: '2025-06-30' }),
      /no thick file consumers with both outcomes observed at 2025-06-30/,
    )
  })

  it('refuses a validation date that does not come after the observation date', async () => {
    await assert.rejects(w.mods.scoring.trainFromBureau({ asOf: D, validateAt: D }), /must come after/)
    await assert.rejects(w.mods.scoring.trainFromBureau({ asOf: '2024-02-30' }), /must be a date/)
  })

  it('refuses an observation date whose 12-month outcome window has not ended by today, a future one too', async () => {
    const today = new Date().toISOString().slice(0, 10)
    const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`
    const tooLate = new Date(Date.now() - 300 * 86_400_000).toISOString().slice(0, 10)
    for (const [input, option, date] of [
      [{ asOf: tooLate }, '--as-of', tooLate],
      [{ asOf: '2099-01-31' }, '--as-of', '2099-01-31'],
      [{ asOf: D, validateAt: tooLate }, '--validate-at', tooLate],
    ] as const)
      await assert.rejects(
        w.mods.scoring.trainFromBureau(input),
        (e: Error) =>
          e.message.startsWith(`${option} ${date}: its 12-month outcome window ends `) &&
          e.message.includes(`after today (${today})`),
      )
    // A year ago to the day is the latest date whose window has ended (a 29 February aside): not refused for it.
    const latest = await w.mods.scoring
      .trainFromBureau({ asOf: yearAgo.endsWith('02-29') ? D : yearAgo })
      .then(
        () => '',
        (e: Error) => e.message,
      )
    assert.doesNotMatch(latest, /outcome window/)
  })
})
