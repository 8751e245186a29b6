import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CATEGORIES } from '../consent/index.ts'
import { ATTRIBUTES, type AttributeValues } from '../reports/index.ts'
import { compileScorecard } from './compile-scorecard.ts'
import { scoreRecord } from './score-record.ts'
import { championOf, type Champion } from './champions.ts'
import { scoreAttributes, type ScoreResult } from './score-consumer.ts'
import { syntheticModel } from './scoring.fixture.ts'

const model = syntheticModel('thick', { seed: 11 })
const champion: Champion = championOf('thick-2024-06-30-1', 'thick', model)
const champions = new Map([['thick', champion]])
// A thin-file champion that reads only account attributes, so that an accounts-only consent covers it.
const accountsOnlyModel = {
  ...model,
  attributes: model.attributes.filter(
    (a) => ATTRIBUTES.find((d) => d.name === a.name)?.categories.join() === 'accounts',
  ),
}
const range = { min: 300, max: 850 }

const attributes = (o: Partial<AttributeValues>): AttributeValues => ({
  ...(Object.fromEntries(ATTRIBUTES.map((d) => [d.name, 0])) as AttributeValues),
  all_accounts: 4,
  oldest_account_age_months: 60,
  ...o,
})

describe('scoreAttributes', () => {
  it('derives the consent categories a champion needs from its attributes', () => {
    assert.deepEqual(champion.categories, [
      'accounts',
      'alternative_payments',
      'inquiries',
      'payment_history',
    ])
  })

  it('scores with the champion of the consumer’s segment, as the compiled scorecard does', () => {
    const v = attributes({
      revolving_utilisation: 0.95,
      months_since_last_delinquency: 2,
      hard_inquiries_12m: 5,
      alternative_on_time_share: 0.62,
    })
    const out = scoreAttributes(v, { champions, range, categories: CATEGORIES })
    assert.ok(out.ok)
    const direct = scoreRecord(compileScorecard(model), v)
    assert.equal(out.score.value, direct.score)
    assert.equal(out.score.probabilityDefault, direct.probabilityDefault)
    assert.equal(out.score.modelVersion, 'thick-2024-06-30-1')
    assert.deepEqual(out.score.range, range)
    assert.ok(out.score.reasons.length >= 2 && out.score.reasons.length <= 5)
    const lost = out.score.reasons.map((r) => r.pointsLost)
    assert.deepEqual(
      lost,
      [...lost].sort((a, b) => b - a),
    )
    const gains = out.score.whatIf.map((x) => x.points)
    assert.deepEqual(
      gains,
      [...gains].sort((a, b) => b - a),
    )
    for (const r of out.score.reasons) {
      if (r.whatWouldChange === null) continue
      assert.match(
        r.whatWouldChange.text,
        new RegExp(`^${r.text}: from .+ to .+ would add about ${r.whatWouldChange.points} points$`),
      )
    }
  })

  it('says what a missing value means, and never advises going from "never" to "some time ago"', () => {
    const v = attributes({
      revolving_utilisation: 0.99,
      months_since_last_delinquency: null,
      alternative_on_time_share: null,
    })
    const out = scoreAttributes(v, { champions, range, categories: CATEGORIES })
    assert.ok(out.ok)
    const byName = new Map(out.score.reasons.map((r) => [r.attribute, r]))
    const bills = byName.get('alternative_on_time_share')!
    assert.equal(bills.bin, 'none (no rated month of a utility, telecom or rent account in 24 months)')
    assert.ok(bills.whatWouldChange !== null)
    // In this model "never late" scores below "last late 33+ months ago", yet never being late is no key factor.
    assert.equal(byName.has('months_since_last_delinquency'), false)
    assert.equal(
      out.score.whatIf.some((x) => x.attribute === 'months_since_last_delinquency'),
      false,
    )
  })

  it('names a late payment as a key factor against "never late", and advises only a reachable bin', () => {
    // As in the bureau's thick-file champion, "never late" (the missing bin) scores above every real bin.
    const neverBest = {
      ...model,
      attributes: model.attributes.map((a) =>
        a.name !== 'months_since_last_delinquency'
          ? a
          : { ...a, bins: a.bins.map((b) => (b.kind === 'missing' ? { ...b, points: 20 } : b)) },
      ),
    }
    const c = new Map([['thick', championOf('thick-2024-06-30-2', 'thick', neverBest)]])
    const score = (since: number | null) => {
      const v = attributes({ months_since_last_delinquency: since, alternative_on_time_share: 1 })
      const out = scoreAttributes(v, { champions: c, range, categories: CATEGORIES })
      assert.ok(out.ok)
      return out.score
    }
    const late = (s: ScoreResult) => s.reasons.find((r) => r.attribute === 'months_since_last_delinquency')
    // Late 40 months ago, the best real bin: 12 points below "never late", a key factor with nothing to advise.
    const old = score(40)
    assert.deepEqual([late(old)?.bin, late(old)?.pointsLost, late(old)?.whatWouldChange], ['>= 33', 12, null])
    assert.equal(
      old.whatIf.some((x) => x.attribute === 'months_since_last_delinquency'),
      false,
    )
    // Late last month: the advice is the next real bin (time passing), never "none".
    const recent = score(1)
    assert.deepEqual([late(recent)?.pointsLost, late(recent)?.whatWouldChange?.bin], [48, '[10, 20)'])
    assert.ok(recent.whatIf.every((x) => !x.to.startsWith('none')))
    assert.equal(late(score(null)), undefined)
  })

  it('gives no score to a file with no credit or alternative-payment account, even with a champion for it', () => {
    const thin = new Map([['thin', championOf('thin-2024-06-30-1', 'thin', model)]])
    const empty = attributes({ all_accounts: 0, oldest_account_age_months: null })
    assert.deepEqual(scoreAttributes(empty, { champions: thin, range, categories: CATEGORIES }), {
      ok: false,
      segment: null,
      reason: 'insufficient_file',
      message:
        'not scorable: the file holds no credit account and no utility, telecom or rent account as of the date',
    })
    // A collection agency's account alone is not an account of the consumer's own (it is not in all_accounts).
    const collection = attributes({ all_accounts: 0, oldest_account_age_months: null, collections: 1 })
    assert.equal(scoreAttributes(collection, { champions: thin, range, categories: CATEGORIES }).ok, false)
    // One utility, telecom or rent account is enough.
    const bills = attributes({
      all_accounts: 0,
      oldest_account_age_months: null,
      alternative_payment_accounts: 1,
    })
    const scored = scoreAttributes(bills, { champions: thin, range, categories: CATEGORIES })
    assert.deepEqual(scored.ok && [scored.score.segment, scored.score.modelVersion], [
      'thin',
      'thin-2024-06-30-1',
    ])
  })

  it('gives the same no-score answer under an accounts-only consent whether or not a telecom account is withheld', () => {
    // The criterion once read alternative_payment_accounts unreleased: the telecom-only file got a thin score.
    const thin = new Map([['thin', championOf('thin-2024-06-30-1', 'thin', accountsOnlyModel)]])
    const none = attributes({ all_accounts: 0, oldest_account_age_months: null })
    const phone = { ...none, alternative_payment_accounts: 1 }
    const ctx = { champions: thin, range, categories: ['accounts'] as const }
    const answers = [none, phone].map((v) => scoreAttributes(v, ctx))
    assert.deepEqual(answers[0], answers[1])
    assert.deepEqual(answers[0], {
      ok: false,
      segment: null,
      reason: 'insufficient_file',
      message:
        'not scorable: the released file holds no credit account as of the date (utility, telecom and rent accounts are not released)',
    })
    // With the category released, the telecom account is enough, as before.
    const all = scoreAttributes(phone, { champions: thin, range, categories: CATEGORIES })
    assert.equal(all.ok && all.score.segment, 'thin')
    // Without the categories that decide the segment, no consumer gets a segment.
    const noAccounts = scoreAttributes(attributes({}), { champions, range, categories: ['payment_history'] })
    assert.deepEqual(noAccounts.ok ? undefined : [noAccounts.segment, noAccounts.reason], [
      null,
      'categories',
    ])
  })

  it('gives no score without a champion for the segment, on another scale, or without every category', () => {
    const thin = scoreAttributes(attributes({ all_accounts: 1 }), {
      champions,
      range,
      categories: CATEGORIES,
    })
    assert.deepEqual(thin.ok ? undefined : [thin.segment, thin.reason], ['thin', 'no_champion'])
    const scale = scoreAttributes(attributes({}), {
      champions,
      range: { min: 100, max: 999 },
      categories: CATEGORIES,
    })
    assert.equal(scale.ok ? undefined : scale.reason, 'scale_mismatch')
    const some = scoreAttributes(attributes({}), {
      champions,
      range,
      categories: ['accounts', 'payment_history'],
    })
    assert.deepEqual(some.ok ? undefined : [some.reason, some.message], [
      'categories',
      'the score uses alternative_payments, inquiries, which the released categories do not include',
    ])
  })
})
