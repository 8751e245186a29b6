import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { AppError } from '../platform/errors.ts'
import { testingOnServer } from '../platform/testing.ts'
import { openConsentFixture, type ConsentFixture } from './consent.fixture.ts'
import { verifyConsentJws, type AuthoriseInput, type ConsentRequest } from './index.ts'

const rejectsWith = (code: AppError['code'], message?: RegExp) => (e: unknown) =>
  e instanceof AppError && e.code === code && (message === undefined || message.test(e.message))

describe('ConsentService', () => {
  let f: ConsentFixture
  const bankA = () => f.member('bank-a')
  const bankB = () => f.member('bank-b')
  const alice = () => f.consumer(f.consumers.alice)
  const bob = () => f.consumer(f.consumers.bob)

  before(async () => {
    f = await openConsentFixture('US-FCRA')
  })
  after(() => f.dispose())

  /** Requests as bank-a and approves as Alice; returns the active consent. */
  const granted = (overrides: Partial<ConsentRequest> = {}) => f.granted(overrides)

  const check = (overrides: Partial<AuthoriseInput> = {}) =>
    f.db.transaction((tx) =>
      f.consent.authorise(
        {
          consumerKey: f.consumers.alice,
          memberId: 'bank-a',
          purpose: 'employment',
          now: f.clock.now,
          ...overrides,
        },
        tx,
      ),
    )

  const eventsOf = async (id: string) =>
    (
      await sql<{
        seq: number
        action: string
        from_status: string | null
        to_status: string
        actor_kind: string
      }>`
        select seq, action, from_status, to_status, actor_kind from consent_events where consent_id = ${id} order by seq`.execute(
        f.db.kysely,
      )
    ).rows

  it('answers a request for someone on file and for nobody alike, and creates only the first', async () => {
    const known = await f.consent.request(bankA(), f.request())
    const unknown = await f.consent.request(bankA(), f.request({ nationalId: f.ids.nobody }))
    assert.deepEqual(Object.keys(known), Object.keys(unknown))
    assert.deepEqual([known.status, unknown.status], ['pending', 'pending'])
    const rows = await sql<{ consent_id: string }>`select consent_id from consents`.execute(f.db.kysely)
    assert.deepEqual(
      rows.rows.map((r) => r.consent_id),
      [known.id],
    )
    for (const id of [known.id, unknown.id]) {
      await assert.rejects(f.consent.get(bankA(), id), rejectsWith('not_found'))
    }
    assert.equal((await f.consent.list(bankA())).items.length, 0)
    assert.equal((await f.consent.get(alice(), known.id)).status, 'pending')
    const refusal = f.events.find((e) => e.target === unknown.id)
    assert.deepEqual(
      [refusal?.outcome, refusal?.reason],
      ['refused', 'no consumer on file with that national ID'],
    )
    assert.equal(JSON.stringify(f.events).includes(f.ids.nobody.value), false)
  })

  it('lets the consumer approve fewer categories, signs the artefact, and shows it to the member from then on', async () => {
    const { id } = await f.consent.request(
      bankA(),
      f.request({ categories: ['identity', 'accounts', 'payment_history'] }),
    )
    await assert.rejects(
      f.consent.approve(alice(), id, ['accounts', 'public_records']),
      rejectsWith('unprocessable', /never widen/),
    )
    const c = await f.consent.approve(alice(), id, ['payment_history', 'accounts'])
    assert.deepEqual(
      [c.status, c.categories, c.decidedAt],
      ['active', ['accounts', 'payment_history'], f.clock.now.toISOString()],
    )
    const v = await verifyConsentJws(c.jws!, await f.consent.jwks())
    assert.ok(v.valid)
    assert.deepEqual(
      [v.claims.id, v.claims.consumer, v.claims.member, v.claims.categories],
      [id, f.consumers.alice, 'bank-a', c.categories],
    )
    assert.deepEqual((await f.consent.get(bankA(), id)).jws, c.jws)
    assert.ok((await f.consent.list(bankA())).items.some((x) => x.id === id))
  })

  it('records every change in consent_events and in the audit log', async () => {
    const c = await granted()
    await f.consent.pause(alice(), c.id)
    const resumed = await f.consent.resume(alice(), c.id)
    assert.notEqual(resumed.jws, null)
    await f.consent.revoke(bankA(), c.id)
    assert.deepEqual(
      (await eventsOf(c.id)).map((e) => [e.seq, e.action, e.from_status, e.to_status, e.actor_kind]),
      [
        [1, 'request', null, 'pending', 'member'],
        [2, 'approve', 'pending', 'active', 'consumer'],
        [3, 'pause', 'active', 'paused', 'consumer'],
        [4, 'resume', 'paused', 'active', 'consumer'],
        [5, 'revoke', 'active', 'revoked', 'member'],
      ],
    )
    assert.deepEqual(
      f.events.filter((e) => e.target === c.id).map((e) => e.action),
      ['consent.requested', 'consent.approved', 'consent.paused', 'consent.resumed', 'consent.revoked'],
    )
    const audited = await sql<{
      n: number
    }>`select count(*)::int as n from audit_events where target = ${c.id}`.execute(f.db.kysely)
    assert.equal(audited.rows[0]?.n, 5)
  })

  it('lets the member only revoke, and refuses the rest with the reason recorded', async () => {
    const c = await granted()
    for (const act of ['pause', 'reject', 'resume'] as const) {
      await assert.rejects(f.consent[act](bankA(), c.id), rejectsWith('forbidden'), act)
    }
    await assert.rejects(f.consent.approve(bankA(), c.id), rejectsWith('forbidden'))
    await assert.rejects(f.consent.approve(alice(), c.id), rejectsWith('conflict', /active/))
    const refused = f.events.filter((e) => e.target === c.id && e.outcome === 'refused')
    assert.equal(refused.length, 5)
    assert.match(refused[0]!.reason!, /a member may not pause/)
  })

  it('hides a consent behind 404 from another member and another consumer, for reads and actions', async () => {
    const c = await granted()
    await assert.rejects(f.consent.get(bankB(), c.id), rejectsWith('not_found'))
    await assert.rejects(f.consent.revoke(bankB(), c.id), rejectsWith('not_found'))
    await assert.rejects(f.consent.get(bob(), c.id), rejectsWith('not_found'))
    await assert.rejects(f.consent.pause(bob(), c.id), rejectsWith('not_found'))
    await assert.rejects(
      f.consent.get(bob(), '00000000-0000-4000-8000-000000000000'),
      rejectsWith('not_found'),
    )
    assert.ok(!(await f.consent.list(bankB())).items.some((x) => x.id === c.id))
    assert.ok(!(await f.consent.list(bob())).items.some((x) => x.id === c.id))
    assert.ok((await f.consent.list(alice())).items.some((x) => x.id === c.id))
    await assert.rejects(f.consent.list(f.operator), rejectsWith('forbidden'))
    assert.equal((await f.consent.get(alice(), c.id)).status, 'active')
  })

  it('refuses requests that the member may not make or that break the rules, before looking anyone up', async () => {
    await assert.rejects(
      f.consent.request(f.member('bank-a', { memberStatus: 'suspended' }), f.request()),
      rejectsWith('forbidden'),
    )
    await assert.rejects(
      f.consent.request(f.member('bank-a', { roles: ['furnisher'] }), f.request()),
      rejectsWith('forbidden'),
    )
    await assert.rejects(f.consent.request(alice(), f.request()), rejectsWith('forbidden'))
    const tooLong = new Date(f.clock.now.getTime() + 400 * 86_400_000).toISOString()
    await assert.rejects(
      f.consent.request(bankA(), f.request({ validTo: tooLong })),
      rejectsWith('unprocessable', /365 days/),
    )
    await assert.rejects(
      f.consent.request(bankA(), f.request({ purpose: 'self_access' })),
      rejectsWith('unprocessable'),
    )
    await assert.rejects(
      f.consent.request(bankA(), { ...f.request(), merchant: 'x' }),
      rejectsWith('invalid_input'),
    )
  })

  describe('authorise', () => {
    it('US-FCRA: allows a credit application on its permissible purpose alone, with every category', async () => {
      const r = await check({ purpose: 'credit_application', consumerKey: f.consumers.bob })
      assert.ok(r.allowed)
      assert.equal(r.legalGround, 'FCRA §604(a)(3)(A)')
      assert.equal(r.consent, undefined)
      assert.equal(r.categories.length, 6)
    })

    it('US-FCRA: refuses employment without consent and allows it with one, spending a use', async () => {
      const refused = await check({ consumerKey: f.consumers.bob })
      assert.deepEqual(refused, {
        allowed: false,
        reason: 'US-FCRA requires consent for employment: no usable consent of this member',
      })
      const c = await granted({ categories: ['accounts'] })
      const r = await check({ consentId: c.id })
      assert.ok(r.allowed)
      assert.deepEqual([r.consent?.id, r.consent?.uses, r.categories], [c.id, 1, ['accounts']])
      assert.match(r.legalGround, new RegExp(`§604\\(b\\).*consent ${c.id}`))
      assert.equal((await check({ consentId: c.id, memberId: 'bank-b' })).allowed, false)
      assert.equal((await check({ consentId: c.id, purpose: 'tenancy', memberId: 'bank-a' })).allowed, false)
      assert.equal((await check({ purpose: 'tenancy', memberId: 'bank-a' })).allowed, true)
    })

    it('US-FCRA: a consent presented where the purpose would do governs the read: its categories, its uses', async () => {
      const narrow = await granted({ purpose: 'credit_application', categories: ['identity'], maxUses: 1 })
      const r = await check({ purpose: 'credit_application', consentId: narrow.id })
      assert.ok(r.allowed)
      assert.deepEqual([r.consent?.id, r.categories], [narrow.id, ['identity']])
      assert.match(r.legalGround, new RegExp(`§604\\(a\\)\\(3\\)\\(A\\); consent ${narrow.id}`))
      const spent = await check({ purpose: 'credit_application', consentId: narrow.id })
      assert.equal(spent.allowed, false)
      const bare = await check({ purpose: 'credit_application' })
      assert.ok(bare.allowed)
      assert.equal(bare.categories.length, 6)
    })

    it('takes a revocation into account on the very next check', async () => {
      const c = await granted()
      assert.ok((await check({ consentId: c.id })).allowed)
      await f.consent.revoke(alice(), c.id)
      const r = await check({ consentId: c.id })
      assert.deepEqual(r, { allowed: false, reason: `consent ${c.id} is revoked` })
      const paused = await granted()
      await f.consent.pause(alice(), paused.id)
      assert.equal((await check({ consentId: paused.id })).allowed, false)
    })

    it('expires a consent by date: computed on read, marked when touched', async () => {
      const c = await granted({ validTo: new Date(f.clock.now.getTime() + 2 * 86_400_000).toISOString() })
      f.clock.advanceDays(3)
      try {
        const stored = async () =>
          (
            await sql<{ status: string }>`select status from consents where consent_id = ${c.id}`.execute(
              f.db.kysely,
            )
          ).rows[0]?.status
        assert.equal(await stored(), 'active')
        const listed = (await f.consent.list(bankA(), { status: 'expired' })).items.find((x) => x.id === c.id)
        assert.equal(listed?.status, 'expired')
        const r = await check({ consentId: c.id })
        assert.ok(!r.allowed && /expired on/.test(r.reason))
        assert.equal(await stored(), 'expired')
        assert.deepEqual((await eventsOf(c.id)).at(-1), {
          seq: 3,
          action: 'expire',
          from_status: 'active',
          to_status: 'expired',
          actor_kind: 'system',
        })
        // Dated when it expired, a day before it was touched, not when it was: its event, row and audit event.
        const { rows } = await sql<{ at: Date; updated_at: Date }>`
          select e.at, c.updated_at from consent_events e join consents c using (consumer_key, consent_id)
           where e.consent_id = ${c.id} and e.action = 'expire'`.execute(f.db.kysely)
        assert.deepEqual(
          rows.map((r) => [r.at.toISOString(), r.updated_at.toISOString()]),
          [[c.validTo, c.validTo]],
        )
        const audited = f.events.filter((e) => e.action === 'consent.expired' && e.target === c.id)
        assert.deepEqual(
          audited.map((e) => e.details),
          [{ at: c.validTo }],
        )
        await assert.rejects(f.consent.pause(alice(), c.id), rejectsWith('conflict', /expired/))
      } finally {
        f.clock.advanceDays(-3)
      }
    })

    it('expires a consent by uses', async () => {
      const c = await granted({ maxUses: 2 })
      assert.ok((await check({ consentId: c.id })).allowed)
      const second = await check({ consentId: c.id })
      assert.ok(second.allowed && second.consent?.status === 'expired' && second.consent.id === c.id)
      const third = await check({ consentId: c.id })
      assert.deepEqual(third, { allowed: false, reason: `consent ${c.id} has no uses left` })
      assert.deepEqual(
        (await eventsOf(c.id)).slice(2).map((e) => [e.action, e.to_status]),
        [
          ['use', 'active'],
          ['use', 'expired'],
        ],
      )
    })

    it('lets two concurrent reads spend a view-once consent only once', async () => {
      const c = await granted({ mode: 'view_once', storeDays: undefined })
      const results = await Promise.all([check({ consentId: c.id }), check({ consentId: c.id })])
      assert.deepEqual(
        results.map((r) => r.allowed).sort(),
        [false, true],
        testingOnServer ? 'PostgreSQL' : 'PGlite',
      )
      const row = await sql<{
        uses: number
        status: string
      }>`select uses, status from consents where consent_id = ${c.id}`.execute(f.db.kysely)
      assert.deepEqual(row.rows[0], { uses: 1, status: 'expired' })
      const both = await Promise.all([check(), check()])
      assert.ok(both.every((r) => !r.allowed || r.consent?.id !== c.id))
    })
  })

  describe('supersession', () => {
    it('revokes the superseded consent when the new one is approved, not before', async () => {
      const old = await granted()
      const { id } = await f.consent.request(
        bankA(),
        f.request({ supersedes: old.id, categories: ['accounts'] }),
      )
      assert.equal((await f.consent.get(alice(), old.id)).status, 'active')
      const next = await f.consent.approve(alice(), id)
      assert.equal(next.supersedes, old.id)
      assert.equal((await f.consent.get(alice(), old.id)).status, 'revoked')
      assert.deepEqual((await eventsOf(old.id)).at(-1)?.action, 'supersede')
      assert.ok(f.events.some((e) => e.action === 'consent.superseded' && e.target === old.id))
    })

    it('accepts only a live consent of the same member and purpose, and answers a mismatched consumer like nobody', async () => {
      const old = await granted()
      await assert.rejects(
        f.consent.request(bankB(), f.request({ supersedes: old.id })),
        rejectsWith('unprocessable'),
      )
      await assert.rejects(
        f.consent.request(bankA(), f.request({ supersedes: old.id, purpose: 'tenancy' })),
        rejectsWith('unprocessable'),
      )
      const before = await sql<{ n: number }>`select count(*)::int as n from consents`.execute(f.db.kysely)
      const r = await f.consent.request(bankA(), f.request({ supersedes: old.id, nationalId: f.ids.bob }))
      assert.equal(r.status, 'pending')
      const after = await sql<{ n: number }>`select count(*)::int as n from consents`.execute(f.db.kysely)
      assert.equal(after.rows[0]?.n, before.rows[0]?.n)
    })
  })
})
