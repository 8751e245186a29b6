// The lender's score (the report's scorer) under a consent that withholds alternative payments: whether a score
// appears at all must not tell the lender of a utility, telecom or rent account (scorable.ts).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { CATEGORIES } from '../consent/index.ts'
import { ATTRIBUTES, type AttributeValues, type ReportScoreInput } from '../reports/index.ts'
import { openScoringWorld, promoteChampion, syntheticModel, type ScoringWorld } from './scoring.fixture.ts'

const none = {
  ...(Object.fromEntries(ATTRIBUTES.map((d) => [d.name, null])) as AttributeValues),
  all_accounts: 0,
  alternative_payment_accounts: 0,
}
const phone: AttributeValues = { ...none, alternative_payment_accounts: 1, alternative_on_time_share: 1 }

describe('scoreForReport', () => {
  let w: ScoringWorld
  before(async () => {
    w = await openScoringWorld()
    // A thin-file champion that reads only account attributes, so that an accounts-only consent covers it.
    const model = syntheticModel('thin', { seed: 12 })
    const accountsOnly = model.attributes.filter(
      (a) => ATTRIBUTES.find((d) => d.name === a.name)?.categories.join() === 'accounts',
    )
    assert.ok(accountsOnly.length > 0)
    await promoteChampion(w, { ...model, attributes: accountsOnly })
  })
  after(() => w.dispose())

  const input = (
    attributes: AttributeValues,
    categories: ReportScoreInput['categories'],
  ): ReportScoreInput => ({
    consumerKey: 'c-1',
    memberId: 'lender-1',
    purpose: 'credit_application',
    inquiryId: 'i-1',
    at: new Date(),
    attributes,
    categories,
    scoreRange: { min: 300, max: 850 },
  })

  it('gives no score under an accounts-only consent to a telecom-only file, as to a file with no account', async () => {
    // It once gave the telecom-only file a thin-file score, which told the lender of the withheld account.
    assert.equal(await w.mods.scoring.scoreForReport(input(none, ['accounts'])), undefined)
    assert.equal(await w.mods.scoring.scoreForReport(input(phone, ['accounts'])), undefined)
    const released = await w.mods.scoring.scoreForReport(input(phone, CATEGORIES))
    assert.equal(released?.score.segment, 'thin')
  })
})
