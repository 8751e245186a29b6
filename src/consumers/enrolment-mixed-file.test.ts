// A likely mixed file (two birth dates on one consumer) is not opened online. Matching takes a national ID match
// whatever the name and birth date (README, Known limitations), so a second person furnished under Jane's SSN is
// put on Jane's file; enrolled, they could read all of it and shut Jane out (FCRA section 607(b), 609(a)).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { AppError } from '../platform/errors.ts'
import { ENROLMENT_REFUSED } from './complete-enrolment.ts'
import { JANE_KNOWS, PEOPLE, openConsumersFixture, type ConsumersFixture } from './consumers.fixture.ts'
import type { Enrolment } from './index.ts'

const refused = (e: unknown) =>
  (e as AppError).code === 'unprocessable' && (e as AppError).message === ENROLMENT_REFUSED
const texts = (e: Enrolment) => e.questions.map((q) => [q.text, q.choices.map((c) => c.text)])

describe('enrolment into a file with two birth dates', () => {
  let f: ConsumersFixture
  before(async () => {
    f = await openConsumersFixture()
    // Erin, born 1990, furnished under Jane's SSN: the national ID wins, and her birth date joins Jane's file.
    const [erin] = await f.db.transaction((tx) =>
      f.identity.resolveIdentities(
        tx,
        [
          {
            nationalId: { type: 'us-ssn', normalised: PEOPLE.jane.nationalId.value.replace(/-/g, '') },
            surname: 'DOE',
            firstName: 'ERIN',
            birthDate: '1990-01-01',
          },
        ],
        '2024-04-30',
        'fixture',
      ),
    )
    assert.deepEqual(erin?.ok && erin.consumerKey, f.keys.jane, 'the mixed file the mitigation is for')
  })
  after(() => f.dispose())

  it('answers the holder and the other person alike with questions no answer passes, and audits why', async () => {
    const erin = { ...PEOPLE.jane, firstName: 'Erin', birthDate: '1990-01-01' }
    const nobody = await f.consumers.startEnrolment(PEOPLE.nobody)
    for (const [person, login] of [
      [PEOPLE.jane, 'jane'],
      [erin, 'erin'],
    ] as const) {
      const e = await f.consumers.startEnrolment(person)
      assert.equal(e.questions.length, 3)
      assert.deepEqual(
        e.questions.map((q) => [q.id, q.choices.length]),
        nobody.questions.map((q) => [q.id, q.choices.length]),
        'the shape of any other answer: nothing tells that the ID is on file',
      )
      await assert.rejects(
        f.consumers.completeEnrolment(e.id, {
          answers: f.pick(e, JANE_KNOWS),
          login,
          password: 'a long passphrase of mine',
        }),
        refused,
        'not even the right answers open the file online',
      )
      const started = await sql<{ consumer_key: string; outcome: string; reason: string; details: object }>`
        select consumer_key, outcome, reason, details from audit_events
        where target = ${e.id} and action = 'consumer.enrolment_started'`.execute(f.db.kysely)
      assert.deepEqual(started.rows, [
        {
          consumer_key: f.keys.jane,
          outcome: 'refused',
          reason:
            'this file holds more than one birth date and cannot be opened online: the bureau must check it first',
          details: { basis: 'mixed_file', answered: 'questions' },
        },
      ])
    }
    // The questions are the holder's own, as for a wrong name: no difference points at the file's content.
    f.clock.advance(24 * 3_600_000 + 1000) // three starts per national ID a day
    const again = await f.consumers.startEnrolment(PEOPLE.jane)
    const wrongName = await f.consumers.startEnrolment({ ...PEOPLE.jane, firstName: 'John' })
    assert.deepEqual(texts(again), texts(wrongName))
  })
})
