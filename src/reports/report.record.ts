// A report's writes (the consent's use, the inquiry, the score) and the audit events that record them, in one
// batch and one transaction (AuditBatcher.recordAfter): the consent's use fails the whole batch when it cannot
// serve, so an inquiry, a score and the events are recorded only with the use that allowed them. The events are
// built before the use is made, from the use count as read; the use requires that count, and a report that
// raced another use of the same consent (from another process: in this one they take turns) makes its use again
// as the consent stands, then records what that use left.
//
// Without a consent presented, any usable consent of the member for the purpose serves (consent-check.ts): when
// the one read first cannot serve any more (a concurrent report spent it), the others, read again as they stand,
// are tried in turn, where the report was refused while the member held another usable consent (found by
// probing: 20 of 24 concurrent reports refused with three consents of two uses each).
import type { CompiledQuery } from 'kysely'
import type { AuditBatcher, AuditEvent } from '../audit/index.ts'
import {
  afterOneUse,
  allowedBy,
  isConsentUnusable,
  type Allowed,
  type AuthoriseInput,
  type Consent,
  type Ruling,
} from '../consent/index.ts'
import type { Planned } from '../platform/planned.ts'
import type { ReportScore } from './report.model.ts'

/** What a report writes under one consent (or none): its statements and the read event, given the use's. */
export interface ReportWrites {
  statements: readonly CompiledQuery[]
  readEvent(auth: Allowed): AuditEvent
  score: ReportScore | undefined
}

export interface RecordInput {
  audit: Pick<AuditBatcher, 'recordAfter' | 'recordFrom'>
  ruling: Extract<Ruling, { kind: 'allowed' | 'consent' }>
  check: AuthoriseInput
  /** The consent to spend as read with the file; undefined when the purpose alone is the ground. */
  candidate: Consent | undefined
  /** The writes under a consent: the inquiry names it and the score is released for its categories. */
  writesFor(c: Consent | undefined): Promise<ReportWrites>
  /** The use of a consent at a time: with `expectedUses`, only if its count is still that. */
  use(c: Consent, at: Date, expectedUses?: number): readonly [Planned<Consent>, ...Planned<unknown>[]]
  /**
   * The time of a use, read when it is made: the consent must still be valid when the data is released, not
   * only when the request came in (a report that waited past the consent's valid_to is refused).
   */
  clock(): Date
  /** The member's usable consents for the purpose as they stand now; only when none was presented. */
  others?: (() => Promise<Consent[]>) | undefined
}

/** The read as allowed and what was written, or undefined when no consent could serve it. */
export async function recordReport(
  o: RecordInput,
): Promise<{ auth: Allowed; writes: ReportWrites } | undefined> {
  const { audit, ruling, check, candidate } = o
  const first = await o.writesFor(candidate)
  try {
    // The events say what the use will leave (afterOneUse), and the use requires the count they were built from.
    const at = o.clock()
    const predicted =
      ruling.kind === 'consent' ? allowedBy(ruling, afterOneUse(candidate!, at), check) : ruling
    const spend = candidate ? o.use(candidate, at, candidate.uses).map((p) => p.query) : []
    await audit.recordAfter(
      [...spend, ...first.statements],
      [predicted.event, first.readEvent(predicted.result)],
    )
    return { auth: predicted.result, writes: first }
  } catch (e) {
    if (candidate === undefined || ruling.kind !== 'consent' || !isConsentUnusable(e)) throw e
  }
  // The consent cannot serve now, or another report used it since it was read: the use as it stands now, under
  // its row lock, then the events of what it left; then, if none was presented, the member's other consents.
  const tried = new Set<string>()
  let next: Consent | undefined = candidate
  let writes = first
  while (next !== undefined) {
    tried.add(next.id)
    const spend = o.use(next, o.clock())
    try {
      let used: ReturnType<typeof allowedBy> | undefined
      const current = writes
      await audit.recordFrom([...spend.map((p) => p.query), ...current.statements], (written) => {
        used = allowedBy(ruling, spend[0].read(written[0]!), check)
        return [used.event, current.readEvent(used.result)]
      })
      return { auth: used!.result, writes: current }
    } catch (e) {
      if (!isConsentUnusable(e)) throw e
    }
    next = o.others ? (await o.others()).find((c) => !tried.has(c.id)) : undefined
    if (next !== undefined) writes = await o.writesFor(next)
  }
  return undefined
}
