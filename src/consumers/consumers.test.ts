import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { AppError } from '../platform/errors.ts'
import { ENROLMENT_LOCKED, ENROLMENT_REFUSED } from './complete-enrolment.ts'
import {
  JANE_KNOWS,
  LENDER,
  OTHER_LENDERS,
  PEOPLE,
  openConsumersFixture,
  type ConsumersFixture,
  type Person,
} from './consumers.fixture.ts'
import { LIMITS, type Enrolment, type Question } from './index.ts'

const HOUR = 3_600_000
const PASSWORD = 'a long passphrase of mine'
const shape = (e: Enrolment) => e.questions.map((q: Question) => [q.id, q.text, q.choices.map((c) => c.id)])
const code = (c: string) => (e: unknown) => (e as AppError).code === c
const refusedWith = (message: string) => (e: unknown) =>
  (e as AppError).code === 'unprocessable' && (e as AppError).message === message
const refused = refusedWith(ENROLMENT_REFUSED)

describe('ConsumersService', () => {
  let f: ConsumersFixture
  // Every test uses its own national ID's attempts; a new day gives each person three fresh starts. Wrong
  // answers count for good: a national ID's third locks its online enrolment (enrolment-lock.test.ts).
  const nextDay = () => f.clock.advance(24 * HOUR + 1000)
  const start = (p: Person) => f.consumers.startEnrolment(p)
  const answer = (
    e: Enrolment,
    answers: ReturnType<ConsumersFixture['pick']>,
    login: string,
    password = PASSWORD,
  ) => f.consumers.completeEnrolment(e.id, { answers, login, password })

  before(async () => {
    f = await openConsumersFixture()
  })
  after(() => f.dispose())

  it('enrols a consumer who answers from their own file, and shows them that file', async () => {
    const e = await start(PEOPLE.jane)
    assert.equal(e.questions.length, 3)
    const lenderChoices = e.questions[0]!.choices.map((c) => c.text)
    assert.ok(lenderChoices.includes(LENDER), 'the true lender')
    assert.ok(
      lenderChoices.slice(0, 4).every((t) => t === LENDER || OTHER_LENDERS.includes(t)),
      'decoys',
    )
    const enrolled = await answer(e, f.pick(e, JANE_KNOWS), 'jane.doe@example.org')
    assert.equal(enrolled.consumerKey, f.keys.jane)
    assert.match(enrolled.session.token, /^cs_[A-Za-z0-9_-]{43}$/)
    const me = await f.consumers.authenticateSession(enrolled.session.token)
    assert.deepEqual(me, { kind: 'consumer', id: f.keys.jane, roles: ['consumer'] })
    const account = await f.consumers.me(me)
    assert.deepEqual([account.login, account.enrolledAt], ['jane.doe@example.org', f.clock.now.toISOString()])
    const file = await f.consumers.file(me)
    assert.equal(file.consumerKey, f.keys.jane)
    assert.deepEqual(
      file.tradelines.map((t) => t.furnisher.name),
      [LENDER, LENDER],
    )
    assert.deepEqual(file.tradelines.map((t) => t.amounts.balance).sort(), [1200, 19000])
  })

  it('refuses a second enrolment of an enrolled consumer, even with the right answers', async () => {
    nextDay()
    const e = await start(PEOPLE.jane)
    await assert.rejects(answer(e, f.pick(e, JANE_KNOWS), 'jane-again'), code('conflict'))
  })

  it('refuses wrong answers exactly as an unknown or used enrolment, and burns the enrolment', async () => {
    nextDay()
    const e = await start(PEOPLE.jane)
    const right = f.pick(e, JANE_KNOWS)
    const wrong = { ...right, balance: right.balance === 'a' ? ('b' as const) : ('a' as const) }
    await assert.rejects(answer(e, wrong, 'someone-else'), refused)
    await assert.rejects(
      answer(e, right, 'someone-else'),
      refused,
      'burnt: the right answers no longer count',
    )
    await assert.rejects(
      f.consumers.completeEnrolment('00000000-0000-4000-8000-000000000000', {
        answers: right,
        login: 'x-y-z',
        password: PASSWORD,
      }),
      refused,
    )
    const row = await sql<{
      outcome: string
    }>`select outcome from consumer_enrolments where enrolment_id = ${e.id}`.execute(f.db.kysely)
    assert.equal(row.rows[0]?.outcome, 'refused')
  })

  it('refuses an expired enrolment the same way', async () => {
    nextDay()
    const e = await start(PEOPLE.jane)
    f.clock.advance(LIMITS.enrolmentTtlMs)
    await assert.rejects(answer(e, f.pick(e, JANE_KNOWS), 'late-jane'), refused)
  })

  it('allows three starts per national ID in 24 hours, whatever its spelling, and three more the next day (starts, not failed answers)', async () => {
    nextDay()
    const spellings = ['345-67-8901', '345678901', '345 67 8901']
    for (const value of spellings) await start({ ...PEOPLE.nobody, nationalId: { type: 'us-ssn', value } })
    await assert.rejects(start(PEOPLE.nobody), code('too_many_requests'))
    f.clock.advance(23 * HOUR)
    await assert.rejects(
      start(PEOPLE.nobody),
      code('too_many_requests'),
      'the window slides: still 3 within 24 h',
    )
    f.clock.advance(HOUR + 1000)
    for (let i = 0; i < 3; i++) await start(PEOPLE.nobody)
    await assert.rejects(start(PEOPLE.nobody), code('too_many_requests'), 'a new window holds three again')
  })

  it('gives a person not on file questions of the same shape, which no answer passes', async () => {
    nextDay()
    const jane = await start(PEOPLE.jane)
    const nobody = await start(PEOPLE.nobody)
    assert.deepEqual(shape(nobody), shape(jane))
    await assert.rejects(answer(nobody, f.pick(nobody, 'none'), 'not-on-file'), refused)
    const other = await start(PEOPLE.nobody)
    await assert.rejects(answer(other, f.pick(other, JANE_KNOWS), 'not-on-file'), refused)
  })

  it('shows people not on file the lenders and year windows it shows someone on file', async () => {
    nextDay()
    const choicesOf = (e: Enrolment, id: Question['id']) =>
      e.questions
        .find((q) => q.id === id)!
        .choices.slice(0, 4)
        .map((c) => c.text)
    const jane = await start(PEOPLE.jane)
    const names = new Set<string>()
    const windows = new Set<string>()
    for (let i = 0; i < 100; i++) {
      const e = await start({
        ...PEOPLE.nobody,
        nationalId: { type: 'us-ssn', value: `${500 + i}-12-${1000 + i}` },
      })
      for (const name of choicesOf(e, 'lender')) names.add(name)
      windows.add(choicesOf(e, 'yearOpened').join())
    }
    assert.deepEqual([...names].sort(), [LENDER, ...OTHER_LENDERS].sort(), 'furnishers only, all of them')
    assert.ok(choicesOf(jane, 'lender').every((name) => names.has(name)))
    assert.ok(windows.has(choicesOf(jane, 'yearOpened').join()), 'Jane’s years are a window others see')
  })

  it('treats the right national ID with a wrong name or birth date as not on file', async () => {
    nextDay()
    const texts = (e: Enrolment) => e.questions.map((q) => [q.text, q.choices.map((c) => c.text)])
    // Case, spaces and punctuation do not matter: the answers pass, and meet Jane's existing account.
    const real = await start({ ...PEOPLE.jane, surname: '  doe. ', firstName: 'JANE' })
    await assert.rejects(answer(real, f.pick(real, JANE_KNOWS), 'jane-again'), code('conflict'))
    for (const [impostor, refusal] of [
      [{ ...PEOPLE.jane, firstName: 'John' }, refused],
      // The third failure of Jane's national ID (the first was in the test of wrong answers) locks it.
      [{ ...PEOPLE.jane, birthDate: '1980-06-02' }, refusedWith(ENROLMENT_LOCKED)],
    ] as const) {
      const e = await start(impostor)
      // The same questions as the holder's: a difference would point at the true lender.
      assert.deepEqual(texts(e), texts(real))
      await assert.rejects(answer(e, f.pick(e, JANE_KNOWS), 'impostor'), refusal, 'even knowing the file')
      const started = await sql<{ reason: string; details: { basis: string } }>`
        select reason, details from audit_events where target = ${e.id} and action = 'consumer.enrolment_started'`.execute(
        f.db.kysely,
      )
      assert.deepEqual(
        [started.rows[0]?.reason, started.rows[0]?.details.basis],
        ['the name or birth date does not match the file', 'no_match'],
      )
    }
  })

  it('enrols a consumer with an identity but no account who answers "none", and shows an empty file', async () => {
    const e = await start(PEOPLE.richard)
    const enrolled = await answer(e, f.pick(e, 'none'), 'richard')
    assert.equal(enrolled.consumerKey, f.keys.richard)
    const me = (await f.consumers.authenticateSession(enrolled.session.token))!
    const file = await f.consumers.file(me)
    assert.deepEqual(file.tradelines, [])
    assert.equal(file.identity.names[0]?.readable && file.identity.names[0].value.surname, 'ROE')
  })

  it('checks the password before the answers, and burns nothing for a weak one', async () => {
    nextDay()
    const e = await start(PEOPLE.richard)
    const none = f.pick(e, 'none')
    for (const [password, why] of [
      ['short', /at least 12/],
      ['zzzzzzzzzzzzzzzz', /single character/],
      ['richard-again', /login/],
      ['password1234', /common/],
      ['my own number 234-56-7890!', /national ID/],
      ['jane:123-45-6781', undefined],
    ] as const) {
      const p = answer(e, none, 'richard-again', password)
      // Jane's number is not Richard's: the password passes, and the login then meets Richard's account.
      if (why === undefined)
        await assert.rejects(p, code('conflict'), 'passes the policy, then meets the account')
      else
        await assert.rejects(p, (err: AppError) => {
          assert.deepEqual(err.details, [{ path: 'body.password', message: err.message }], password)
          return err.code === 'invalid_input' && why.test(err.message)
        })
    }
  })

  it('tells a taken login only after the right answers, and lets the consumer choose another', async () => {
    const e = await start(PEOPLE.mary)
    await assert.rejects(
      answer(e, f.pick(e, 'none'), 'RICHARD'),
      (err: AppError) => err.code === 'conflict' && /login/.test(err.message),
    )
    const enrolled = await answer(e, f.pick(e, 'none'), 'mary')
    assert.equal(enrolled.consumerKey, f.keys.mary)
  })

  it('signs in, locks the account for 15 minutes after five wrong passwords in a row, and answers unknown logins the same', async () => {
    const ok = await f.consumers.signIn({ login: 'Jane.Doe@example.org', password: PASSWORD })
    assert.ok(await f.consumers.authenticateSession(ok.token), 'signed in')
    const failures: string[] = []
    const fail = async (login: string, password: string) =>
      f.consumers.signIn({ login, password }).then(
        () => assert.fail('signed in'),
        (e: AppError) => failures.push(`${e.code}:${e.message}`),
      )
    for (let i = 0; i < 4; i++) await fail('jane.doe@example.org', 'not my password at all')
    assert.ok(
      await f.consumers.signIn({ login: 'jane.doe@example.org', password: PASSWORD }),
      'four, then right: reset',
    )
    for (let i = 0; i < 5; i++) await fail('jane.doe@example.org', 'not my password at all')
    await fail('jane.doe@example.org', PASSWORD)
    await fail('nobody-here', PASSWORD)
    assert.equal(failures.length, 11)
    assert.equal(new Set(failures).size, 1, 'wrong, locked and unknown: one answer')
    assert.match(failures[0]!, /^unauthenticated:/)
    f.clock.advance(LIMITS.lockoutMs - 1000)
    await fail('jane.doe@example.org', PASSWORD)
    f.clock.advance(1000)
    assert.ok(
      await f.consumers.signIn({ login: 'jane.doe@example.org', password: PASSWORD }),
      '15 minutes on',
    )
  })

  it('ends a session at sign-out, after 12 idle hours, and 7 days after sign-in however busy', async () => {
    const signIn = () => f.consumers.signIn({ login: 'richard', password: PASSWORD })
    const a = await signIn()
    const me = (await f.consumers.authenticateSession(a.token))!
    await f.consumers.signOut(me, a.token)
    assert.equal(await f.consumers.authenticateSession(a.token), undefined)
    await assert.rejects(f.consumers.signOut(me, a.token), code('not_found'))

    const b = await signIn()
    f.clock.advance(11 * HOUR)
    assert.ok(await f.consumers.authenticateSession(b.token), 'used within 12 hours')
    f.clock.advance(12 * HOUR)
    assert.equal(await f.consumers.authenticateSession(b.token), undefined, '12 hours idle')

    const c = await signIn()
    for (let i = 0; i < 15; i++) {
      f.clock.advance(11 * HOUR)
      assert.ok(await f.consumers.authenticateSession(c.token), `hour ${11 * (i + 1)}`)
    }
    f.clock.advance(11 * HOUR)
    assert.equal(await f.consumers.authenticateSession(c.token), undefined, 'past 7 days')
    assert.equal(await f.consumers.authenticateSession('cs_' + 'A'.repeat(43)), undefined)
    assert.equal(await f.consumers.authenticateSession('ob_not_a_session'), undefined)
  })

  it('records every view of the file as self-access, and every enrolment step, in the audit log', async () => {
    const s = await f.consumers.signIn({ login: 'jane.doe@example.org', password: PASSWORD })
    const me = (await f.consumers.authenticateSession(s.token))!
    await f.consumers.file(me)
    const events = await f.audit.eventsForConsumer(f.keys.jane, { limit: 500 })
    const views = events.filter((e) => e.action === 'file.self_access')
    assert.equal(views.length, 2)
    assert.deepEqual(
      [views[0]!.actor, views[0]!.purpose, views[0]!.outcome, views[0]!.details],
      [{ kind: 'consumer', id: f.keys.jane }, 'self_access', 'allowed', { tradelines: 2 }],
    )
    const refusedSignIns = events.filter((e) => e.action === 'consumer.session_refused')
    assert.ok(refusedSignIns.length >= 6, 'the wrong passwords and the locked account')
    assert.deepEqual(
      new Set(refusedSignIns.map((e) => e.actor.id)),
      new Set(['anonymous']),
      'not the consumer',
    )
    const actions = new Set(events.map((e) => e.action))
    for (const a of [
      'consumer.enrolment_started',
      'consumer.enrolled',
      'consumer.enrolment_refused',
      'consumer.session_started',
      'consumer.session_refused',
    ]) {
      assert.ok(actions.has(a), a)
    }
    assert.equal((await f.audit.verify()).ok, true)
  })

  it('stores no clear national ID, password, login lookup or right answer in its tables or the audit log', async () => {
    const dump = async (table: string) =>
      JSON.stringify((await sql`select * from ${sql.table(table)}`.execute(f.db.kysely)).rows)
    const tables = [
      'consumer_enrolment_attempts',
      'consumer_enrolments',
      'consumer_accounts',
      'consumer_logins',
      'consumer_sessions',
      'audit_events',
    ]
    const all = (await Promise.all(tables.map(dump))).join('\n')
    for (const p of Object.values(PEOPLE)) {
      const digits = p.nationalId.value.replace(/\D/g, '')
      assert.ok(!all.includes(digits) && !all.includes(p.nationalId.value), p.nationalId.value)
      assert.ok(!all.includes(p.birthDate), p.birthDate)
    }
    assert.ok(!all.includes(PASSWORD), 'password')
    assert.ok(!all.includes(Buffer.from(PASSWORD).toString('hex')), 'password hex')
    assert.ok(!all.includes(Buffer.from(PASSWORD).toString('base64').replace(/=+$/, '')), 'password base64')
    const accounts = await sql<{
      password_hash: string
    }>`select password_hash from consumer_accounts`.execute(f.db.kysely)
    assert.equal(accounts.rows.length, 3)
    for (const a of accounts.rows) assert.match(a.password_hash, /^\$scrypt\$ln=15,r=8,p=1\$/)
    const logins = await sql<{ login_hash: Uint8Array }>`select login_hash from consumer_logins`.execute(
      f.db.kysely,
    )
    assert.ok(
      logins.rows.every((r) => r.login_hash.length === 32),
      'login hashes',
    )
  })
})
