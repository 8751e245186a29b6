// Verification of the whole audit log or of a range of it, streamed in pages (ChainVerifier does the checking).
import { z } from 'zod'
import type { Db } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'
import { GENESIS_HASH, type VerifyOptions, type VerifyResult } from './audit.model.ts'
import { createAuditStore, type AuditStore } from './audit.store.ts'
import { ChainVerifier } from './audit.verifier.ts'
import type { ChainMac } from './chain-mac.ts'
import { parseInput as parse } from '../platform/parse-input.ts'

const seqSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
const hashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits')
const verifySchema = z
  .strictObject({
    from: seqSchema.min(1).optional(),
    to: seqSchema.optional(),
    // Seq 0 is the genesis hash, not an event: an anchor there can only restate it, and a wrong one would be
    // reported as a rewritten event 0 (found by probing).
    anchor: z
      .strictObject({
        seq: seqSchema.min(1, 'an anchor names an event, and events start at 1'),
        hash: hashSchema,
      })
      .optional(),
    pageSize: z.number().int().min(1).max(10_000).optional(),
    maxProblems: z.number().int().min(1).optional(),
  })
  // A range that checks nothing, or an anchor the range never reaches, would report "intact" having checked
  // nothing the caller asked about.
  .superRefine((o, ctx) => {
    if (o.from !== undefined && o.to !== undefined && o.from > o.to)
      ctx.addIssue({ code: 'custom', path: ['from'], message: `${o.from} is after to (${o.to})` })
    const first = (o.from ?? 1) - 1
    if (o.anchor && (o.anchor.seq < first || (o.to !== undefined && o.anchor.seq > o.to))) {
      ctx.addIssue({
        code: 'custom',
        path: ['anchor'],
        message: `event ${o.anchor.seq} is outside the events checked (${first + 1} to ${o.to ?? 'the end'}${first > 0 ? `, or event ${first} just before them` : ''}); widen the range or leave the anchor out`,
      })
    }
  })

/**
 * Verifies the chain from `from` to `to`, reading it in pages of `pageSize` seq numbers, each page its own
 * query, so memory stays flat however long the log. Events appended while it runs are not included. With `mac`
 * (the bureau's audit key, chain-mac.ts), every event from the log's first `audit.keyed` event on must carry a
 * valid MAC; without it those MACs go unchecked, and an intact result says so (unauthenticatedFrom).
 */
export async function verifyAuditLog(
  db: Db,
  options: VerifyOptions = {},
  store: AuditStore = createAuditStore(db),
  mac?: ChainMac,
): Promise<VerifyResult> {
  const o = parse(verifySchema, options, 'verify options')
  const pageSize = o.pageSize ?? 1000
  const { head, maxSeq } = await store.readHead()
  const end = Math.max(head?.seq ?? 0, maxSeq)
  // A range past the last event checks nothing, and "intact" would say nothing about what was asked.
  if (o.from !== undefined && o.from > end && o.anchor === undefined) {
    const problem = { path: 'from', message: `${o.from} is after the last event of the log (${end})` }
    throw new AppError('invalid_input', `invalid verify options: ${problem.path}: ${problem.message}`, [
      problem,
    ])
  }
  const to = Math.min(o.to ?? end, end)
  const from = Math.min(o.from ?? 1, to + 1)
  const startRow = from > 1 ? await store.readOne(from - 1) : undefined
  const start = from > 1 ? { seq: from - 1, hash: startRow?.hash } : { seq: 0, hash: GENESIS_HASH }
  const verifier = new ChainVerifier({
    start,
    head: head === undefined ? 'missing' : o.to === undefined || o.to >= head.seq ? head : undefined,
    anchor: o.anchor,
    maxProblems: o.maxProblems,
    // Found through the index, so that a range after it is checked as keyed too; a forger cannot move it
    // earlier (every seq below it is taken). Renaming it breaks the chain only where a range does not look: the
    // MAC of the event before the range, and every valid MAC in it, say the log was keyed whatever it says.
    keyedFrom: await store.firstKeyed(),
    keyedBefore: startRow !== undefined && mac !== undefined && mac.holds(startRow.hash, startRow.mac),
    mac,
  })
  // Pages are ranges of seq numbers; an empty one (a deleted run, or a forged far-off seq) jumps to the next event.
  for (let after = from - 1; after < to;) {
    const last = Math.min(after + pageSize, to)
    const page = await store.readRange(after, last)
    for (const r of page) verifier.push(r)
    after = page.length > 0 ? last : Math.max(last, ((await store.nextSeq(last)) ?? to + 1) - 1)
  }
  for (const seq of await store.readOutsideSeqs(10)) verifier.outside(seq)
  return { ...verifier.finish(), pending: await store.pendingSummary() }
}
