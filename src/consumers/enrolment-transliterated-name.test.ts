// A name furnished in German transliteration (Metro 2 text is upper-case ASCII, and German furnishers write
// Ü as UE, Ö as OE, Ä as AE, ß as SS: DIN 5007-2, ICAO Doc 9303 part 3) is the name its holder types with the
// umlaut; so is one furnished with the umlaut when the holder types the transliteration.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ENROLMENT_REFUSED } from './complete-enrolment.ts'
import { openConsumersFixture, type ConsumersFixture } from './consumers.fixture.ts'

const person = (value: string, surname: string, firstName: string) => ({
  nationalId: { type: 'us-ssn', value },
  surname,
  firstName,
  birthDate: '1975-03-04',
})

describe('enrolment with a transliterated name', () => {
  let f: ConsumersFixture
  before(async () => {
    f = await openConsumersFixture()
    const onFile = [
      ['567890123', 'MUELLER', 'JUERGEN'],
      ['567890124', 'Größe', 'Käthe'],
      ['567890125', 'MULLER', 'JURGEN'],
      ['567890126', 'SCHOEN', 'UWE'],
    ] as const
    const resolved = await f.db.transaction((tx) =>
      f.identity.resolveIdentities(
        tx,
        onFile.map(([normalised, surname, firstName]) => ({
          nationalId: { type: 'us-ssn' as const, normalised },
          surname,
          firstName,
          birthDate: '1975-03-04',
        })),
        '2024-03-31',
        'fixture',
      ),
    )
    assert.ok(resolved.every((r) => r.ok))
  })
  after(() => f.dispose())

  const enrol = async (p: ReturnType<typeof person>, login: string) => {
    const e = await f.consumers.startEnrolment(p)
    return f.consumers.completeEnrolment(e.id, {
      answers: f.pick(e, 'none'),
      login,
      password: 'a long passphrase of mine',
    })
  }

  it('matches "Müller" typed with MUELLER on file', async () => {
    const enrolled = await enrol(person('567-89-0123', 'Müller', 'Jürgen'), 'juergen')
    assert.equal(enrolled.consumerKey, await f.identity.findConsumerByNationalId('us-ssn', '567890123'))
  })

  it('matches "Groesse" typed with "Größe" on file', async () => {
    const enrolled = await enrol(person('567-89-0124', 'Groesse', 'Kaethe'), 'kaethe')
    assert.equal(enrolled.consumerKey, await f.identity.findConsumerByNationalId('us-ssn', '567890124'))
  })

  it('still matches "Müller" typed with MULLER on file (accents stripped)', async () => {
    const enrolled = await enrol(person('567-89-0125', 'Müller', 'Jürgen'), 'jurgen')
    assert.equal(enrolled.consumerKey, await f.identity.findConsumerByNationalId('us-ssn', '567890125'))
  })

  it('still refuses a name that differs in a letter: "Schon" is not SCHOEN', async () => {
    await assert.rejects(enrol(person('567-89-0126', 'Schon', 'Uwe'), 'uwe'), { message: ENROLMENT_REFUSED })
    const enrolled = await enrol(person('567-89-0126', 'Schön', 'Uwe'), 'uwe')
    assert.equal(enrolled.consumerKey, await f.identity.findConsumerByNationalId('us-ssn', '567890126'))
  })
})
