// NIST SP 800-63A (rev. 3) section 5.3.2: no more than three attempts to complete KBV, in total. A probe
// enrolled as a victim by guessing through the 125 answer combinations, three starts a day for 20 days.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Command } from 'commander'
import type { AppError } from '../platform/errors.ts'
import { ENROLMENT_LOCKED, ENROLMENT_REFUSED } from './complete-enrolment.ts'
import {
  JANE_KNOWS,
  PEOPLE,
  openConsumersFixture,
  type ConsumersFixture,
  type Person,
} from './consumers.fixture.ts'
import { registerConsumersCommands, type Answers, type Enrolment } from './index.ts'

const DAY = 24 * 3_600_000 + 1000
const PASSWORD = 'a long passphrase of mine'
const withMessage = (message: string) => (e: unknown) =>
  (e as AppError).code === 'unprocessable' && (e as AppError).message === message
const shape = (e: Enrolment) => e.questions.map((q) => [q.id, q.text, q.choices.map((c) => c.id)])
/** Answers that are wrong for anyone: the balance differs from the right one. */
const wrongOf = (right: Answers): Answers => ({ ...right, balance: right.balance === 'a' ? 'b' : 'a' })

describe('enrolment lock', () => {
  let f: ConsumersFixture
  const start = (p: Person) => f.consumers.startEnrolment(p)
  const answer = (e: Enrolment, answers: Answers, login: string, password = PASSWORD) =>
    f.consumers.completeEnrolment(e.id, { answers, login, password })
  /** Three wrong submissions over two days: the third is told that enrolment is now locked. */
  async function failThrice(p: Person, right: (e: Enrolment) => Answers): Promise<void> {
    for (const expected of [ENROLMENT_REFUSED, ENROLMENT_REFUSED, ENROLMENT_LOCKED]) {
      const e = await start(p)
      await assert.rejects(answer(e, wrongOf(right(e)), 'guesser'), withMessage(expected))
      if (expected !== ENROLMENT_LOCKED) f.clock.advance(DAY / 2)
    }
  }

  before(async () => {
    f = await openConsumersFixture()
  })
  after(() => f.dispose())

  it('locks online enrolment for good after three wrong submissions, and refuses even the right answers', async () => {
    await failThrice(PEOPLE.jane, (e) => f.pick(e, JANE_KNOWS))
    for (const days of [1, 30, 400]) {
      f.clock.advance(days * DAY)
      const e = await start(PEOPLE.jane)
      assert.equal(e.questions.length, 3, 'the start answers as before')
      await assert.rejects(answer(e, f.pick(e, JANE_KNOWS), 'jane'), withMessage(ENROLMENT_LOCKED))
    }
    assert.match(ENROLMENT_LOCKED, /three failed attempts/)
    assert.match(ENROLMENT_LOCKED, /contact the bureau/)
  })

  it('locks a national ID not on file, or named with the wrong name, the same way: the lock tells nothing', async () => {
    f.clock.advance(DAY)
    const jane = await start({ ...PEOPLE.jane, firstName: 'Someone' })
    await failThrice(PEOPLE.nobody, (e) => f.pick(e, 'none'))
    const nobody = await start(PEOPLE.nobody)
    assert.deepEqual(shape(nobody), shape(jane), 'a locked start looks like any other')
    await assert.rejects(answer(nobody, f.pick(nobody, 'none'), 'nobody'), withMessage(ENROLMENT_LOCKED))
    // Richard is on file; an impostor's wrong name counts against his national ID, as any failure does.
    f.clock.advance(DAY)
    await failThrice({ ...PEOPLE.richard, firstName: 'Impostor' }, (e) => f.pick(e, 'none'))
    const e = await start(PEOPLE.richard)
    await assert.rejects(answer(e, f.pick(e, 'none'), 'richard'), withMessage(ENROLMENT_LOCKED))
  })

  it('counts no failure for a weak password, an expired enrolment or a used one', async () => {
    f.clock.advance(DAY)
    const e = await start(PEOPLE.mary)
    for (let i = 0; i < 4; i++)
      await assert.rejects(
        answer(e, f.pick(e, 'none'), 'mary', 'short'),
        (err: AppError) => err.code === 'invalid_input',
      )
    const late = await start(PEOPLE.mary)
    f.clock.advance(10 * 60_000)
    for (let i = 0; i < 3; i++)
      await assert.rejects(answer(late, f.pick(late, 'none'), 'mary'), withMessage(ENROLMENT_REFUSED))
    const wrong = await start(PEOPLE.mary)
    await assert.rejects(
      answer(wrong, wrongOf(f.pick(wrong, 'none')), 'mary'),
      withMessage(ENROLMENT_REFUSED),
    )
    await assert.rejects(
      answer(wrong, wrongOf(f.pick(wrong, 'none')), 'mary'),
      withMessage(ENROLMENT_REFUSED),
    )
    f.clock.advance(DAY)
    const right = await start(PEOPLE.mary)
    assert.equal((await answer(right, f.pick(right, 'none'), 'mary')).consumerKey, f.keys.mary)
  })

  it('judges parallel submissions of one national ID one after the other: no extra guess slips past the lock', async () => {
    const someone = { ...PEOPLE.nobody, nationalId: { type: 'us-ssn', value: '456-12-3456' } }
    f.clock.advance(DAY)
    for (let i = 0; i < 2; i++) {
      const e = await start(someone)
      await assert.rejects(answer(e, f.pick(e, 'none'), 'someone'), withMessage(ENROLMENT_REFUSED))
    }
    f.clock.advance(DAY)
    const open = [await start(someone), await start(someone), await start(someone)]
    const results = await Promise.allSettled(open.map((e) => answer(e, f.pick(e, 'none'), 'someone')))
    assert.deepEqual(
      results.map((r) => r.status === 'rejected' && withMessage(ENROLMENT_LOCKED)(r.reason)),
      [true, true, true],
    )
    const cleared = await f.consumers.unlockEnrolment(someone.nationalId, 'test')
    assert.deepEqual(
      cleared,
      { failedAttempts: 3, startsCleared: 3, wasLocked: true },
      'the third failure locked the other two out',
    )
  })

  it('lets an operator unlock enrolment from the command line, and records it', async () => {
    let out = ''
    const program = new Command('openbureau').exitOverride().configureOutput({ writeErr: () => {} })
    registerConsumersCommands(program, async () => f.consumers, { write: (text) => void (out += text) })
    const unlock = (value: string) =>
      program.parseAsync(['consumers', 'unlock-enrolment', '--national-id', value, '--id-type', 'us-ssn'], {
        from: 'user',
      })
    // Jane, locked since the first test, tries three times today: those starts fill her 24 hours.
    for (let i = 0; i < 3; i++) {
      const e = await start(PEOPLE.jane)
      await assert.rejects(answer(e, f.pick(e, JANE_KNOWS), 'jane'), withMessage(ENROLMENT_LOCKED))
    }
    await assert.rejects(start(PEOPLE.jane), /too many enrolment attempts/)
    await unlock('123 45 6781')
    assert.equal(
      out,
      'online enrolment unlocked for that national ID: 3 failed attempts and 3 starts of the last 24 hours cleared; it can start again now\n',
    )
    const events = await f.audit.eventsForConsumer(f.keys.jane, { limit: 500 })
    const unlocked = events.filter((e) => e.action === 'consumer.enrolment_unlocked')
    assert.deepEqual(
      unlocked.map((e) => [e.actor, e.outcome, e.details]),
      [[{ kind: 'operator', id: 'cli' }, 'done', { failedAttempts: 3, startsCleared: 3 }]],
    )
    // At once, not when the day of the three starts the failures used has passed (found by probing).
    const e = await start(PEOPLE.jane)
    assert.equal((await answer(e, f.pick(e, JANE_KNOWS), 'jane')).consumerKey, f.keys.jane)
    out = ''
    await unlock('345-67-8902')
    assert.equal(
      out,
      'online enrolment was not locked for that national ID: 0 failed attempts and 0 starts of the last 24 hours cleared; it can start again now\n',
    )
    await assert.rejects(unlock('not a number'), /national ID/)
    assert.equal((await f.audit.verify()).ok, true)
  })
})
