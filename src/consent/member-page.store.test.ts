import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql, type KyselyPlugin } from 'kysely'
import type { Tx } from '../platform/db.ts'
import type { PagePosition } from '../platform/page-cursor.ts'
import { testingOnServer } from '../platform/testing.ts'
import { openConsentFixture, type ConsentFixture } from './consent.fixture.ts'
import { CONSENT_STATUSES, type ConsentStatus } from './consent.model.ts'
import { createConsentStore } from './consent.store.ts'
import { lookupPage } from './member-page.store.ts'

// bank-b's consents, made in SQL: more than a page of lookup rows many times over.
const MANY = 3000

describe('a member’s list of consents', () => {
  let f: ConsentFixture
  const store = createConsentStore()

  before(async () => {
    f = await openConsentFixture('US-FCRA')
    const now = f.clock.now
    // Requested in one order and decided in the reverse one, three decisions to a microsecond (ties broken by
    // id). Statuses: rejected rarely (a filter that passes over most rows), revoked, paused, active, and active
    // rows that are due (past valid_to, or out of uses) and so listed as expired.
    await sql`with g as (select i, gen_random_uuid() as id from generate_series(1, ${MANY}) i)
      , c as (insert into consents (consumer_key, consent_id, member_id, purpose, categories, valid_from, valid_to,
          max_uses, uses, mode, store_days, status, created_at, updated_at, decided_at)
        select case when i % 2 = 0 then ${f.consumers.alice}::uuid else ${f.consumers.bob}::uuid end, id, 'bank-b',
          'employment', '{accounts}', ${now}::timestamptz - interval '60 days',
          ${now}::timestamptz + case when i % 11 = 0 then interval '-1 day' else interval '1 day' end,
          case when i % 13 = 0 then 1 end, case when i % 13 = 0 then 1 else 0 end, 'store', 30,
          case when i % 997 = 0 then 'rejected' when i % 7 = 1 then 'revoked' when i % 7 = 2 then 'paused'
               else 'active' end,
          ${now}::timestamptz - interval '30 days' + i * interval '1 second', ${now}, ${now}
        from g returning 1)
      insert into member_consents (member_id, consent_id, consumer_key, created_at)
        select 'bank-b', id, case when i % 2 = 0 then ${f.consumers.alice}::uuid else ${f.consumers.bob}::uuid end,
          ${now}::timestamptz - interval '1 day' + ((${MANY} - i) / 3) * interval '1 microsecond'
        from g`.execute(f.db.kysely)
  })
  after(() => f.dispose())

  /** bank-b's consents as the list must give them: newest decision first, with the status as of now. */
  const expected = async (status?: ConsentStatus): Promise<string[]> => {
    const r = await sql<{ id: string; status: ConsentStatus }>`select c.consent_id as id,
        case when c.status in ('pending', 'active', 'paused')
               and (c.valid_to <= ${f.clock.now} or (c.max_uses is not null and c.uses >= c.max_uses))
             then 'expired' else c.status end as status
        from member_consents m join consents c using (consumer_key, consent_id)
      where m.member_id = 'bank-b' order by m.created_at desc, m.consent_id`.execute(f.db.kysely)
    return r.rows.filter((row) => status === undefined || row.status === status).map((row) => row.id)
  }

  /** Every row the page's statements return, counted through a plugin on the transaction. */
  const page = async (limit: number, status?: ConsentStatus, before?: PagePosition) => {
    let rowsRead = 0
    const counting: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: (args) => {
        rowsRead += args.result.rows.length
        return Promise.resolve(args.result)
      },
    }
    const result = await f.db.transaction((tx) => {
      const counted: Tx = { kysely: tx.kysely.withPlugin(counting), raw: tx.raw }
      return store.listForMember(counted, 'bank-b', f.clock.now, { limit, status, before })
    })
    return { ...result, rowsRead }
  }

  const walk = async (limit: number, status?: ConsentStatus) => {
    const ids: string[] = []
    let at: PagePosition | undefined
    for (;;) {
      const { items, last } = await page(limit, status, at)
      assert.ok(items.length <= limit)
      ids.push(...items.map((c) => c.id))
      if (last === undefined) return ids
      at = last
    }
  }

  it('reads about a page of the lookup, not the member’s whole history', async () => {
    const first = await page(10)
    assert.ok(first.rowsRead <= 2 * 11, `${first.rowsRead} rows read for a page of 10`)
    assert.deepEqual(
      first.items.map((c) => c.id),
      (await expected()).slice(0, 10),
    )
    const active = await page(10, 'active')
    assert.ok(active.rowsRead < 150, `${active.rowsRead} rows read for a page of 10 active`)
    assert.deepEqual(
      active.items.map((c) => c.id),
      (await expected('active')).slice(0, 10),
    )
  })

  it('walks the whole list in order with every status filter, each consent once', async () => {
    const all = await expected()
    for (const limit of [97, 500]) assert.deepEqual(await walk(limit), all)
    for (const status of CONSENT_STATUSES) {
      const some = await expected(status)
      assert.deepEqual(await walk(100, status), some, status)
      if (status === 'rejected')
        assert.ok(some.length > 0 && some.length < 10, 'a filter passing over most rows')
      if (status === 'pending') assert.equal(some.length, 0)
    }
  })

  it(
    'reads the lookup by its index, newest first, without sorting it',
    { skip: !testingOnServer },
    async () => {
      await sql`analyze member_consents`.execute(f.db.kysely)
      const at = { at: '2031-02-28T09:00:00.000500Z', id: '00000000-0000-4000-8000-000000000000' }
      for (const position of [undefined, at]) {
        const plan = await sql<{
          'QUERY PLAN': unknown
        }>`explain (format json) ${lookupPage('bank-b', position, 11)}`.execute(f.db.kysely)
        const text = JSON.stringify(plan.rows[0]?.['QUERY PLAN'])
        assert.match(text, /member_consents_recent/)
        assert.doesNotMatch(text, /"Node Type":"Sort"/)
      }
    },
  )

  it('puts an older request first once the consumer approves it after a newer one', async () => {
    const bank = f.member('bank-a')
    const alice = f.consumer(f.consumers.alice)
    const tick = () => (f.clock.now = new Date(f.clock.now.getTime() + 1000))
    const older = await f.consent.request(bank, f.request())
    tick()
    const newer = await f.consent.request(bank, f.request())
    tick()
    await f.consent.approve(alice, newer.id)
    const head = async () => (await f.consent.list(bank, { limit: 1 })).items.map((c) => c.id)
    assert.deepEqual(await head(), [newer.id])
    tick()
    await f.consent.approve(alice, older.id)
    assert.deepEqual(await head(), [older.id])
    const first = await f.consent.list(bank, { limit: 1 })
    const second = await f.consent.list(bank, { limit: 1, before: first.last })
    assert.deepEqual(
      [...first.items, ...second.items].map((c) => c.id),
      [older.id, newer.id],
    )
    assert.equal(second.last, undefined)
  })
})
