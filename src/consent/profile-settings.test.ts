import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AppError } from '../platform/errors.ts'
import { openConsentFixture, type ConsentFixture } from './consent.fixture.ts'
import type { AuthoriseInput } from './index.ts'

const rejectsWith = (code: AppError['code'], message?: RegExp) => (e: unknown) =>
  e instanceof AppError && e.code === code && (message === undefined || message.test(e.message))

describe('ConsentService under other profiles', () => {
  let f: ConsentFixture
  before(async () => {
    f = await openConsentFixture('US-FCRA')
  })
  after(() => f.dispose())

  const check = (purpose: AuthoriseInput['purpose']) =>
    f.db.transaction((tx) =>
      f.consent.authorise(
        { consumerKey: f.consumers.alice, memberId: 'bank-a', purpose, now: f.clock.now },
        tx,
      ),
    )

  it('persists the operator’s profile, which another module instance then reads', async () => {
    assert.deepEqual(await f.consent.currentProfile().then((p) => [p.code, p.source]), ['US-FCRA', 'config'])
    await f.consent.setProfile('CN-PBOC', { kind: 'operator', id: 'op-1' })
    assert.deepEqual(
      await f
        .reopen()
        .currentProfile()
        .then((p) => [p.code, p.source]),
      ['CN-PBOC', 'operator'],
    )
    await assert.rejects(
      f.consent.setProfile('XX-NONE', { kind: 'operator', id: 'op-1' }),
      rejectsWith('invalid_input'),
    )
    const set = f.events.find((e) => e.action === 'settings.jurisdiction_set')
    assert.deepEqual(set?.details, { from: 'US-FCRA', to: 'CN-PBOC' })
  })

  it('CN-PBOC and HU-KHR: refuse every purpose without consent; HU-KHR refuses tenancy outright', async () => {
    for (const code of ['CN-PBOC', 'HU-KHR'] as const) {
      await f.consent.setProfile(code, { kind: 'operator', id: 'op-1' })
      for (const purpose of ['credit_application', 'account_review'] as const) {
        const r = await check(purpose)
        assert.ok(!r.allowed && r.reason.includes('requires consent'), `${code} ${purpose}`)
      }
    }
    const tenancy = await check('tenancy')
    assert.deepEqual(tenancy, { allowed: false, reason: 'tenancy is not a permissible purpose under HU-KHR' })
    await assert.rejects(
      f.consent.request(f.member('bank-a'), f.request({ purpose: 'tenancy' })),
      rejectsWith('unprocessable', /HU-KHR/),
    )
    const { id } = await f.consent.request(f.member('bank-a'), f.request({ purpose: 'credit_application' }))
    await f.consent.approve(f.consumer(f.consumers.alice), id)
    const r = await check('credit_application')
    assert.ok(r.allowed && r.legalGround.includes('KHR Act') && r.consent?.id === id)
    const self = await check('self_access')
    assert.ok(!self.allowed)
  })
})
