// Ingestion of one furnished file (DESIGN.md principle 5): streamed, validated record by record, written
// by COPY in chunks, and atomic: all accepted records of the file or none. The same file again is known
// by its content hash and not applied twice.
import { createHash, randomUUID } from 'node:crypto'
import type { IdentityService } from '../identity/index.ts'
import type { Member, MembersService } from '../members/index.ts'
import { Metro2ReadError, type HeaderRecord } from '../metro2/index.ts'
import type { Db, Tx } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'
import {
  batchByHash,
  type EarlierBatch,
  finishBatch,
  insertBatch,
  recordRejectedFile,
} from './batches.store.ts'
import { readFurnishedFile, type FurnishedEvent, type FurnishedFormat } from './furnished-file.ts'
import { FileApplier } from './file-applier.ts'
import { createStaging, lockFurnisherFiles, withoutJit } from './ingest.store.ts'
import type { IngestCounts, IngestInput, IngestResult } from './ingest.types.ts'
import { previousBatch } from './previous-file.store.ts'
import { lapsedSender } from './sender-standing.ts'

export interface IngestDeps {
  db: Db
  identity: Pick<IdentityService, 'resolver'>
  members: Pick<MembersService, 'resolveFurnisher' | 'metro2IdsOfOthers'>
  /** Appends the batch's audit event inside the batch's transaction: applied, or rejected as unreadable. */
  audit?: (
    tx: Tx,
    event: {
      action: 'batch.applied' | 'batch.rejected'
      batchId: string
      furnisherId: string
      counts: Pick<IngestCounts, 'records' | 'accepted' | 'rejected'>
    },
  ) => Promise<void>
  /**
   * Records a file refused before any of it was stored: its furnisher suspended, not a furnisher, or not the
   * caller. The refused furnisher hears only the refusal; the log keeps who tried and why (DESIGN.md principle 2).
   */
  refused?: (event: { furnisherId: string; fileName: string | null; reason: string }) => Promise<void>
  clock?: () => Date
}

class Duplicate extends Error {
  constructor(readonly earlier: EarlierBatch) {
    super('duplicate')
  }
}

/** The sender lost the right to furnish while the file was read: the transaction rolls back (sender-standing.ts). */
class Lapsed extends Error {
  constructor(readonly error: AppError) {
    super(error.message)
  }
}

function duplicateOf(earlier: EarlierBatch, furnisherId: string, started: number): IngestResult {
  const { batchId, appliedAt, ...rest } = earlier
  return {
    status: 'duplicate',
    batchId,
    furnisherId,
    earlier: { ...rest, appliedAt: appliedAt.toISOString() },
    durationMs: Date.now() - started,
  }
}

async function* hashing(
  source: AsyncIterable<Uint8Array>,
  state: { hash: ReturnType<typeof createHash>; bytes: number },
) {
  for await (const chunk of source) {
    state.hash.update(chunk)
    state.bytes += chunk.length
    yield chunk
  }
}

// The header's program identifiers are the numbers a furnisher was given by each bureau; OpenBureau
// registers them with the member, as it does the Base Segment's Identification Number (CRRG field 5).
function furnisherIds(head: readonly FurnishedEvent[]): string[] {
  const h: HeaderRecord | undefined = head.find((e) => e.kind === 'header')?.header
  const r = head.find((e) => e.kind === 'record')?.record
  return [
    h?.transUnionProgramIdentifier,
    h?.equifaxProgramIdentifier,
    h?.experianProgramIdentifier,
    h?.innovisProgramIdentifier,
    r?.base.identificationNumber,
  ].filter((s): s is string => s !== undefined && s.length > 0)
}

const startsBody = (e: FurnishedEvent) => e.kind === 'record' || e.kind === 'unreadable' || e.kind === 'end'

export function createIngestService(deps: IngestDeps) {
  const clock = deps.clock ?? (() => new Date())

  async function resolveFurnisher(input: IngestInput, head: FurnishedEvent[]): Promise<Member> {
    const m = await deps.members.resolveFurnisher(input.furnisher, furnisherIds(head))
    const reason =
      m.status !== 'active'
        ? `furnisher "${m.id}" is suspended`
        : !m.roles.includes('furnisher')
          ? `member "${m.id}" does not have the furnisher role`
          : input.restrictToFurnisher !== undefined && m.id !== input.restrictToFurnisher
            ? `the file is furnished by "${m.id}", not by the caller`
            : undefined
    if (reason === undefined) return m
    await deps.refused?.({ furnisherId: m.id, fileName: input.fileName ?? null, reason })
    throw new AppError('forbidden', reason)
  }

  async function ingest(input: IngestInput): Promise<IngestResult> {
    const started = Date.now()
    const receivedAt = clock()
    const hashState = { hash: createHash('sha256'), bytes: 0 }
    let format: FurnishedFormat = 'metro2'
    const events = readFurnishedFile(hashing(input.source, hashState), (f) => (format = f))[
      Symbol.asyncIterator
    ]()

    /** A file that cannot be read at all: recorded as a rejected batch of its furnisher, who can see why. */
    const unreadable = async (furnisherId: string, e: Metro2ReadError): Promise<AppError> => {
      const batchId = await recordRejectedFile(
        deps.db,
        { furnisherId, fileName: input.fileName ?? null, format, message: e.message, receivedAt },
        (tx, batchId) =>
          deps.audit?.(tx, {
            action: 'batch.rejected',
            batchId,
            furnisherId,
            counts: { records: 0, accepted: 0, rejected: 0 },
          }) ?? Promise.resolve(),
      )
      return new AppError(
        'unprocessable',
        `${e.message}; nothing from this file was applied (batch ${batchId}, rejected)`,
        { batchId },
      )
    }

    // Read up to the first record, to learn the furnisher before the transaction opens.
    const head: FurnishedEvent[] = []
    let exhausted = false
    try {
      while (!head.some(startsBody)) {
        const n = await events.next()
        if (n.done) {
          exhausted = true
          break
        }
        head.push(...n.value)
      }
    } catch (e) {
      if (!(e instanceof Metro2ReadError)) throw e
      if (input.furnisher === undefined) throw new AppError('unprocessable', `${e.message}; nothing applied`)
      throw await unreadable((await resolveFurnisher(input, [])).id, e)
    }
    const furnisher = await resolveFurnisher(input, head)
    if (input.contentHash !== undefined) {
      const earlier = await deps.db.transaction((tx) => batchByHash(tx, furnisher.id, input.contentHash!))
      if (earlier) return duplicateOf(earlier, furnisher.id, started)
    }

    const foreignIds =
      furnisher.metro2Ids.length > 0 ? new Set<string>() : await deps.members.metro2IdsOfOthers(furnisher.id)
    const batchId = randomUUID()
    try {
      return await deps.db.transaction(async (tx) => {
        await lockFurnisherFiles(tx, furnisher.id)
        // The same file may have been applied while this one waited for the lock.
        const applied = input.contentHash && (await batchByHash(tx, furnisher.id, input.contentHash))
        if (applied) throw new Duplicate(applied)
        const previous = await previousBatch(tx, furnisher.id)
        await insertBatch(tx, {
          batchId,
          furnisherId: furnisher.id,
          contentHash: `pending:${batchId}`,
          fileName: input.fileName ?? null,
          format,
          status: 'applied',
          records: 0,
          accepted: 0,
          rejected: 0,
          warnings: 0,
          errors: 0,
          activityDate: null,
          summary: {},
          receivedAt,
        })
        await withoutJit(tx)
        await createStaging(tx)
        const applier = new FileApplier({
          tx,
          resolver: deps.identity.resolver(tx, furnisher.id),
          furnisher,
          batchId,
          format: () => format,
          firstFile: previous === undefined,
          foreignIds,
          today: receivedAt.toISOString().slice(0, 10),
          progress: (records) => input.onProgress?.({ bytes: hashState.bytes, records }),
          chunkRecords: input.chunkRecords,
        })
        for (const e of head) await applier.handle(e)
        while (!exhausted) {
          const n = await events.next()
          if (n.done) break
          for (const e of n.value) await applier.handle(e)
        }
        const outcome = await applier.finish(previous !== undefined)
        const lapsed = await lapsedSender(tx, furnisher.id, input.sender)
        if (lapsed !== undefined) throw new Lapsed(lapsed)
        const contentHash = hashState.hash.digest('hex')
        const earlier = await batchByHash(tx, furnisher.id, contentHash)
        if (earlier) throw new Duplicate(earlier)
        const summary = { format, bytes: hashState.bytes, ...outcome.summary }
        await finishBatch(tx, {
          batchId,
          contentHash,
          counts: outcome.counts,
          activityDate: outcome.activityDate,
          metro2Ids: outcome.metro2Ids,
          summary,
        })
        await deps.audit?.(tx, {
          action: 'batch.applied',
          batchId,
          furnisherId: furnisher.id,
          counts: outcome.counts,
        })
        return {
          status: 'applied' as const,
          batchId,
          furnisherId: furnisher.id,
          counts: outcome.counts,
          issues: outcome.issues,
          issuesTotal: outcome.issuesTotal,
          trailer: outcome.trailer,
          contentHash,
          durationMs: Date.now() - started,
        }
      })
    } catch (e) {
      if (e instanceof Duplicate) return duplicateOf(e.earlier, furnisher.id, started)
      if (e instanceof Lapsed) {
        await deps.refused?.({
          furnisherId: furnisher.id,
          fileName: input.fileName ?? null,
          reason: e.error.message,
        })
        throw e.error
      }
      if (!(e instanceof Metro2ReadError)) throw e
      throw await unreadable(furnisher.id, e)
    }
  }

  return { ingest }
}

export type IngestService = ReturnType<typeof createIngestService>
