// Checks a stream of audit events, in stored seq order, against the hash chain and names what is wrong:
//   edited      the event's fields no longer match its hash, or its hash differs from the head/anchor
//   deleted     seq numbers are missing (in the middle, at the start of a range, or after the last event)
//   reordered   the event is intact but was appended under another seq (rows swapped)
//   broken_link an intact event does not follow the one before it: one of the two was rewritten together
//               with its hash, or an event was inserted outside the audit module
//   forged      from the log's `audit.keyed` event on, an event without a valid MAC (chain-mac.ts): not
//               appended by the bureau's servers, however correct its hash and link
// Memory is bounded: a window of recent and upcoming events (default 256 each way) serves to recognise a
// reordering; events moved further than that are reported as edited.
import { hashEvent } from './audit.hash.ts'
import type { ChainMac } from './chain-mac.ts'
import {
  GENESIS_HASH,
  type AuditProblem,
  type AuditProblemKind,
  type AuditRecord,
  type ChainHead,
  type ChainResult,
} from './audit.model.ts'

export interface ChainVerifierOptions {
  /** The event just before the range; its hash is undefined when that event is missing. */
  readonly start: { readonly seq: number; readonly hash: string | undefined }
  /** The chain head row when the range reaches it; 'missing' when the row is gone. */
  readonly head?: ChainHead | 'missing' | undefined
  /** A head recorded outside the database, when the range covers its seq. */
  readonly anchor?: ChainHead | undefined
  readonly window?: number | undefined
  readonly maxProblems?: number | undefined
  /** The seq of the log's first `audit.keyed` event: every event from it on must carry a valid MAC. */
  readonly keyedFrom?: number | undefined
  /**
   * The event just before the range carries a valid MAC: the log was keyed by then, so every event of the range
   * must carry one, whatever the stored `audit.keyed` event says (its action is a column anyone with database
   * access can edit; a MAC is not).
   */
  readonly keyedBefore?: boolean | undefined
  /** The check of the MACs; without it they go unchecked, and an intact result says from where. */
  readonly mac?: ChainMac | undefined
}

export class ChainVerifier {
  private readonly window: number
  private readonly maxProblems: number
  private readonly problems: AuditProblem[] = []
  private truncated = false
  private events = 0
  private last: { seq: number; hash: string | undefined }
  private readonly pending: AuditRecord[] = []
  private readonly history: AuditRecord[] = []
  private readonly byHash = new Map<string, AuditRecord>()
  private readonly appendedAs = new Map<AuditRecord, number>()
  private readonly anchors: { point: ChainHead; label: string; seen: boolean }[] = []
  private beyondHeadReported = false
  private macsUnchecked = false
  /** The first event seen with a valid MAC: from it on, every event must carry one. */
  private firstValidMac: number | undefined
  /** With the key: the events passed without a MAC, since none was required of them yet. */
  private unkeyed: { from: number; to: number; events: number } | undefined

  constructor(private readonly options: ChainVerifierOptions) {
    this.window = options.window ?? 256
    this.maxProblems = options.maxProblems ?? 1000
    const { start, head, anchor } = options
    this.last = { ...start }
    if (options.keyedBefore === true) this.firstValidMac = start.seq
    if (head === 'missing') this.report(0, 'broken_link', 'the chain head row is missing')
    else if (head) this.anchors.push({ point: head, label: 'chain head', seen: false })
    if (start.hash === undefined && start.seq > 0) {
      this.report(start.seq, 'deleted', `event ${start.seq}, just before the range, is missing`)
    }
    if (anchor?.seq === start.seq) {
      if (start.hash !== undefined && start.hash !== anchor.hash) {
        this.report(
          start.seq,
          'edited',
          `event ${start.seq} differs from the anchor: it was rewritten with a recomputed hash`,
        )
      }
    } else if (anchor) {
      this.anchors.push({ point: anchor, label: 'anchor', seen: false })
    }
  }

  push(record: AuditRecord): void {
    this.pending.push(record)
    this.byHash.set(record.hash, record)
    if (this.pending.length > this.window) this.check(this.pending.shift()!)
  }

  /**
   * A stored row whose seq (text: it may not be exact as a number) lies outside 1 to 2^53 - 1, where the audit
   * module never appends and the ranges above do not read.
   */
  outside(seq: string): void {
    this.report(
      Number(seq),
      'broken_link',
      `event ${seq} lies outside the seq numbers the audit module appends (1 to ${Number.MAX_SAFE_INTEGER}): not appended by it`,
    )
  }

  finish(): ChainResult {
    for (let r = this.pending.shift(); r !== undefined; r = this.pending.shift()) this.check(r)
    for (const a of this.anchors) {
      if (a.seen || a.point.seq <= this.last.seq) continue
      const from = this.last.seq + 1
      this.report(
        from,
        'deleted',
        `${range(from, a.point.seq)} missing: the ${a.label} is at seq ${a.point.seq}`,
      )
    }
    const { keyedFrom } = this.options
    if (keyedFrom === undefined && this.firstValidMac !== undefined && this.firstValidMac > 0) {
      // Every keyed log has its `audit.keyed` event before its first MAC (audit.service.ts appendLocked).
      this.report(
        this.firstValidMac,
        'edited',
        `event ${this.firstValidMac} carries the bureau's MAC, yet the log has no ${'`audit.keyed`'} event: it was renamed or removed`,
      )
    }
    if (this.problems.length === 0) {
      const head = { seq: this.last.seq, hash: this.last.hash ?? GENESIS_HASH }
      // Events before the log was keyed are not authenticated (README, "Known limitations"), and a log stripped of
      // its `audit.keyed` event and of every MAC, then rehashed, is all such events: said, not passed silently
      // as a keyed log would be (found by probing: it read "intact" like one).
      const unkeyed = this.unkeyed && { ...this.unkeyed, keyedFrom: keyedFrom ?? null }
      return {
        ok: true,
        events: this.events,
        head,
        ...(this.macsUnchecked && keyedFrom !== undefined ? { unauthenticatedFrom: keyedFrom } : {}),
        ...(unkeyed ? { unkeyed } : {}),
      }
    }
    return { ok: false, events: this.events, problems: this.problems, truncated: this.truncated }
  }

  private check(r: AuditRecord): void {
    this.events++
    const head = this.options.head
    const expected = this.last.seq + 1
    if (r.seq < expected) {
      this.report(r.seq, 'broken_link', `seq ${r.seq} is stored again after seq ${this.last.seq}`)
    } else if (r.seq > expected && !(typeof head === 'object' && expected > head.seq)) {
      // A gap past the chain head is no deletion: the event after it is reported as lying beyond the head.
      this.report(expected, 'deleted', `${range(expected, r.seq - 1)} missing`)
    }
    const before = this.problems.length
    const appended = this.appendedSeq(r, new Set())
    if (appended === undefined) {
      this.report(r.seq, 'edited', `event ${r.seq} (${r.action}) no longer matches its hash`)
    } else if (appended !== r.seq) {
      this.report(
        r.seq,
        'reordered',
        `event stored at seq ${r.seq} (${r.action}) was appended as seq ${appended}`,
      )
    } else if (r.seq === expected && this.last.hash !== undefined && r.prevHash !== this.last.hash) {
      // An intact event that points at a displaced one: the reordering is already reported there.
      const p = this.byHash.get(r.prevHash)
      const pAppended = p && this.appendedSeq(p, new Set())
      if (p === undefined || pAppended === undefined || pAppended === p.seq) {
        this.report(
          r.seq,
          'broken_link',
          `event ${r.seq} does not follow event ${this.last.seq}: one of them was rewritten with a recomputed hash`,
        )
      }
    }
    // An event whose MAC holds was appended by the bureau's servers: where it disagrees with the head row, the
    // row is what was rewritten (found by probing: an intact event was blamed).
    const genuine = this.checkMac(r)
    if (typeof head === 'object' && r.seq > head.seq && !this.beyondHeadReported) {
      this.beyondHeadReported = true
      this.report(
        r.seq,
        'broken_link',
        genuine
          ? `the chain head row (seq ${head.seq}) was moved back: event ${r.seq}, beyond it, carries the bureau's MAC`
          : `event ${r.seq} lies beyond the chain head (seq ${head.seq}): not appended by the audit module`,
      )
    }
    for (const a of this.anchors) {
      if (a.point.seq !== r.seq) continue
      a.seen = true
      if (a.point.hash !== r.hash && this.problems.length === before) {
        this.report(
          r.seq,
          'edited',
          genuine && a.label === 'chain head'
            ? `the chain head row was rewritten: it names another hash for event ${r.seq}, which carries the bureau's MAC`
            : `event ${r.seq} differs from the ${a.label}: it was rewritten with a recomputed hash`,
        )
      }
    }
    this.last = { seq: r.seq, hash: r.hash }
    this.history.push(r)
    if (this.history.length > this.window) this.forget(this.history.shift()!)
  }

  // Reported whatever else is wrong with the event: a hash recomputed after an edit has no MAC either.
  // Required from the stored `audit.keyed` event on, and from the first valid MAC on: a valid MAC cannot be
  // forged, so an event without one after it was not appended by the bureau's servers, whatever became of the
  // `audit.keyed` event.
  // Whether the event's MAC holds (computed once an event: verify reads the whole log).
  private checkMac(r: AuditRecord): boolean {
    const { keyedFrom, mac } = this.options
    const valid = mac !== undefined && mac.holds(r.hash, r.mac)
    const required =
      (keyedFrom !== undefined && r.seq >= keyedFrom) ||
      (this.firstValidMac !== undefined && r.seq > this.firstValidMac)
    if (valid) this.firstValidMac ??= r.seq
    if (!required && !valid && mac !== undefined) {
      const u = (this.unkeyed ??= { from: r.seq, to: r.seq, events: 0 })
      u.to = r.seq
      u.events++
    }
    if (!required) return valid
    if (mac === undefined) this.macsUnchecked = true
    else if (!valid) {
      this.report(
        r.seq,
        'forged',
        `event ${r.seq} (${r.action}) ${r.mac === null ? 'has no MAC' : "has a MAC that is not the bureau's"}: not appended by the audit module`,
      )
    }
    return valid
  }

  /**
   * The seq under which the event was appended: its stored seq when it matches its hash; otherwise the seq
   * that follows the event its prev_hash names, if the event matches its hash under that seq; undefined for
   * an event whose content was changed. Only positive answers are memoised, as the window moves on.
   */
  private appendedSeq(r: AuditRecord, visiting: Set<AuditRecord>): number | undefined {
    const known = this.appendedAs.get(r)
    if (known !== undefined) return known
    let seq: number | undefined
    if (hashEvent(r) === r.hash) {
      seq = r.seq
    } else {
      visiting.add(r)
      const candidate = this.seqAfter(r.prevHash, visiting)
      const moved = candidate !== undefined && candidate !== r.seq
      if (moved && hashEvent({ ...r, seq: candidate }) === r.hash) seq = candidate
    }
    if (seq !== undefined) this.appendedAs.set(r, seq)
    return seq
  }

  private seqAfter(prevHash: string, visiting: Set<AuditRecord>): number | undefined {
    if (prevHash === GENESIS_HASH) return 1
    if (prevHash === this.options.start.hash) return this.options.start.seq + 1
    const p = this.byHash.get(prevHash)
    if (p === undefined || visiting.has(p)) return undefined
    const s = this.appendedSeq(p, visiting)
    return s === undefined ? undefined : s + 1
  }

  private forget(r: AuditRecord): void {
    if (this.byHash.get(r.hash) === r) this.byHash.delete(r.hash)
    this.appendedAs.delete(r)
  }

  private report(seq: number, kind: AuditProblemKind, message: string): void {
    if (this.problems.length >= this.maxProblems) {
      this.truncated = true
      return
    }
    this.problems.push({ seq, kind, message })
  }
}

const range = (from: number, to: number) => (from === to ? `event ${from} is` : `events ${from}-${to} are`)
