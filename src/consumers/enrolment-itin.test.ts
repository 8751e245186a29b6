// An ITIN holder (IRS Individual Taxpayer Identification Number, furnished in the SSN field) can enrol online like
// an SSN holder: the number is a us-ssn national ID, not an SSN area that is never issued.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { openConsumersFixture, type ConsumersFixture } from './consumers.fixture.ts'

const ANA = {
  nationalId: { type: 'us-ssn', value: '912-70-1234' },
  surname: 'Lopez',
  firstName: 'Ana',
  birthDate: '1988-08-08',
}

describe('enrolment with an ITIN', () => {
  let f: ConsumersFixture
  before(async () => {
    f = await openConsumersFixture()
    const [ana] = await f.db.transaction((tx) =>
      f.identity.resolveIdentities(
        tx,
        [
          {
            nationalId: { type: 'us-ssn', normalised: '912701234' },
            surname: 'LOPEZ',
            firstName: 'ANA',
            birthDate: ANA.birthDate,
          },
        ],
        '2024-03-31',
        'fixture',
      ),
    )
    assert.equal(ana?.ok, true)
  })
  after(() => f.dispose())

  it('enrols an ITIN holder on file who answers from the file', async () => {
    const e = await f.consumers.startEnrolment(ANA)
    const enrolled = await f.consumers.completeEnrolment(e.id, {
      answers: f.pick(e, 'none'),
      login: 'ana.lopez',
      password: 'a long passphrase of mine',
    })
    assert.equal(enrolled.consumerKey, await f.identity.findConsumerByNationalId('us-ssn', '912701234'))
  })
})
