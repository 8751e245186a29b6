// Enrolment, step one: national ID, name and birth date in; an enrolment id and three questions out, always,
// whether or not the person is on file (DESIGN.md principle 2). Three kinds of caller get the same shape:
//   - the ID is on file, a name and a birth date on file match, the file has accounts: questions from the file;
//   - the same, but no account: questions whose right answers are all "none", which that consumer can pass;
//   - the ID is not on file, or the name or birth date does not match: the same "none" questions, stored with
//     a MAC of random bytes, so that no answer passes (and the file's content is never shown to a mismatch);
//   - the file holds more than one birth date (likely a mixed file): answered as a mismatch, whoever asks.
// Every start counts against its national ID's limit (3 per 24 hours), on file or not, so the limit reveals
// nothing either; so does the lock after three failed answers (complete-enrolment.ts), which only the submission
// tells, for every national ID alike. The answer waits until a fixed floor has passed, so that reading a file does not make the
// answer for someone on file measurably slower than for someone who is not.
import { randomBytes, randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  normaliseBirthDate,
  nationalIdRefusal,
  parseNationalId,
  type Identity,
  type IdentityService,
} from '../identity/index.ts'
import type { MembersService } from '../members/index.ts'
import type { Db } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'
import type { FileService, FileTradeline } from '../reports/index.ts'
import { ANONYMOUS, type RecordConsumerEvent } from './consumer-audit-event.ts'
import { fieldRefusal } from './field-refusal.ts'
import { enrolmentStartSchema, LIMITS, type Enrolment, type EnrolmentStart } from './consumers.model.ts'
import type { ConsumersStore } from './consumers.store.ts'
import type { KeyedHashes } from './keyed-hashes.ts'
import { parseInput } from '../platform/parse-input.ts'
import { sameName } from './name-foldings.ts'
import { buildQuestions, type QuestionAccount } from './questions.ts'

export interface StartEnrolmentDeps {
  db: Db
  store: Pick<ConsumersStore, 'countAttempt' | 'insertEnrolment'>
  hashes: Pick<KeyedHashes, 'attemptKey' | 'answerMac' | 'draw'>
  identity: Pick<IdentityService, 'findConsumerByNationalId' | 'readIdentity'>
  files: Pick<FileService, 'byConsumerKey'>
  members: Pick<MembersService, 'list'>
  record: RecordConsumerEvent
  clock: () => Date
  /** The least time a start takes, in milliseconds. */
  floorMs: number
}

/** Who the caller turned out to be; only `passable` subjects can ever complete the enrolment. */
interface Subject {
  consumerKey: string | null
  passable: boolean
  account: QuestionAccount | undefined
  /** For the audit log: what the questions were built from, or why the enrolment cannot pass. */
  basis: 'tradelines' | 'identity_only' | 'not_on_file' | 'no_match' | 'mixed_file'
}

/**
 * A file that holds two or more birth dates is likely two people's (a mixed file): matching takes a national ID
 * match whatever the name and birth date, so a second person furnished under the holder's SSN is on it. Opened
 * online, either could answer from the other's accounts, read all of the file, and shut the other out; so it
 * is opened only after the bureau has checked it (FCRA section 607(b) on mixed files, section 609(a) and
 * 610(a)(1) on disclosing a file only to its consumer, after proper identification).
 */
function holdsSeveralBirthDates(id: Identity): boolean {
  const dates = new Set<string>()
  for (const d of id.birthDates) if (d.readable) dates.add(normaliseBirthDate(d.value) ?? d.value)
  return dates.size > 1
}

/**
 * A readable name and a readable birth date on file equal the ones given: names compared as the matcher does,
 * or in German transliteration (name-foldings.ts), so that "Müller" typed meets MUELLER furnished.
 */
function matches(id: Identity, r: EnrolmentStart, birthDate: string): boolean {
  const nameOk = id.names.some(
    (n) => n.readable && sameName(n.value.surname, r.surname) && sameName(n.value.firstName, r.firstName),
  )
  return nameOk && id.birthDates.some((d) => d.readable && normaliseBirthDate(d.value) === birthDate)
}

/**
 * The account asked about: the most recently opened. Date Opened is required (CRRG field 10, rule
 * required.date_opened), so every stored account has one; one without it is not asked about.
 */
function latestAccount(tradelines: readonly FileTradeline[]): QuestionAccount | undefined {
  const dated = tradelines.filter((t) => t.dates.opened !== null)
  dated.sort(
    (a, b) => b.dates.opened!.localeCompare(a.dates.opened!) || a.tradelineId.localeCompare(b.tradelineId),
  )
  const t = dated[0]
  return t === undefined
    ? undefined
    : {
        lender: t.furnisher.name,
        yearOpened: Number(t.dates.opened!.slice(0, 4)),
        balance: t.amounts.balance,
      }
}

/** The true reason of a start that cannot pass, for the audit log; the caller gets the uniform questions. */
const refusalReason = (basis: Subject['basis']): string =>
  basis === 'not_on_file'
    ? 'no consumer on file with that national ID'
    : basis === 'mixed_file'
      ? 'this file holds more than one birth date and cannot be opened online: the bureau must check it first'
      : 'the name or birth date does not match the file'

export function createStartEnrolment(deps: StartEnrolmentDeps) {
  const { db, store, hashes, identity, files, members, record, clock } = deps

  async function subjectOf(r: EnrolmentStart, birthDate: string): Promise<Subject> {
    const consumerKey = await identity.findConsumerByNationalId(r.nationalId.type, r.nationalId.value)
    if (consumerKey === undefined)
      return { consumerKey: null, passable: false, account: undefined, basis: 'not_on_file' }
    const id = await identity.readIdentity(consumerKey)
    const mixed = id !== undefined && holdsSeveralBirthDates(id)
    const passable = id !== undefined && !mixed && matches(id, r, birthDate)
    // A wrong name or birth date gets the very questions the holder of the national ID gets, which no answer
    // passes: questions built without the file would differ from the holder's in the one true lender, and a
    // caller with the national ID could find it by comparing a start under a wrong name with one under the
    // right name. A likely mixed file is answered the same way, whatever name and birth date were given: a
    // refusal of its own would tell that the national ID is on file; its true reason goes to the audit log.
    const tradelines = (await files.byConsumerKey(consumerKey))?.tradelines ?? []
    return {
      consumerKey,
      passable,
      account: latestAccount(tradelines),
      basis: mixed
        ? 'mixed_file'
        : !passable
          ? 'no_match'
          : tradelines.length > 0
            ? 'tradelines'
            : 'identity_only',
    }
  }

  return async function startEnrolment(input: unknown): Promise<Enrolment> {
    const began = performance.now()
    const r = parseInput(enrolmentStartSchema, input, 'enrolment')
    // A malformed number or date is refused whoever it might name: the message says only what is wrong with it.
    const nationalId = parseNationalId(r.nationalId.type, r.nationalId.value)
    if (!nationalId.ok) throw nationalIdRefusal(nationalId, 'body.nationalId')
    const birthDate = normaliseBirthDate(r.birthDate)
    const badDate = (problem: string) =>
      fieldRefusal(`birthDate: ${problem}`, { path: 'body.birthDate', message: problem })
    if (birthDate === undefined) throw badDate('not a calendar date')
    const now = clock()
    if (birthDate > now.toISOString().slice(0, 10)) throw badDate('in the future')

    const attemptKey = hashes.attemptKey(nationalId.type, nationalId.normalised)
    const subject = await subjectOf(r, birthDate)
    const lenders = (await members.list()).filter((m) => m.roles.includes('furnisher')).map((m) => m.name)
    const { questions, answers } = buildQuestions({
      account: subject.account,
      lenders,
      currentYear: now.getUTCFullYear(),
      draw: (label) => hashes.draw(attemptKey, label),
    })
    const enrolmentId = randomUUID()
    const expiresAt = new Date(now.getTime() + LIMITS.enrolmentTtlMs)
    const base = {
      actor: ANONYMOUS,
      action: 'consumer.enrolment_started' as const,
      consumerKey: subject.consumerKey,
      target: enrolmentId,
    }

    const counted = await db.transaction(async (tx) => {
      const attempt = await store.countAttempt(
        tx,
        attemptKey,
        now,
        LIMITS.enrolmentWindowMs,
        LIMITS.enrolmentsPerDay,
      )
      if (!attempt.counted) {
        await record(tx, {
          ...base,
          target: null,
          outcome: 'refused',
          reason: 'enrolment attempt limit reached for this national ID',
        })
        return attempt
      }
      await store.insertEnrolment(tx, {
        enrolmentId,
        attemptKey,
        idType: nationalId.type,
        consumerKey: subject.passable ? subject.consumerKey : null,
        answerMac: hashes.answerMac(enrolmentId, subject.passable ? answers : randomBytes(32)),
        createdAt: now,
        expiresAt,
      })
      await record(
        tx,
        subject.passable
          ? { ...base, outcome: 'done', details: { basis: subject.basis } }
          : {
              ...base,
              outcome: 'refused',
              reason: refusalReason(subject.basis),
              details: { basis: subject.basis, answered: 'questions' },
            },
      )
      return attempt
    })
    await sleep(Math.max(0, deps.floorMs - (performance.now() - began)))
    if (!counted.counted) {
      // Whole seconds, rounded up, as Retry-After takes them (RFC 9110 §10.2.3); the route sets the header.
      const retryAfterSeconds = Math.max(1, Math.ceil((counted.freeAt.getTime() - now.getTime()) / 1000))
      throw new AppError(
        'too_many_requests',
        `too many enrolment attempts for this national ID: try again after ${counted.freeAt.toISOString()}`,
        { retryAfterSeconds },
      )
    }
    return { id: enrolmentId, expiresAt: expiresAt.toISOString(), questions }
  }
}
