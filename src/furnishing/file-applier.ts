// Applies the events of one file inside its transaction: checks each record, gathers accepted records
// into chunks for writeChunk, compares the trailer, merges the staged rows and looks for vanished accounts.
// A Metro 2 file that is not one whole file is rejected whole (file-envelope.ts).
import type { Member } from '../members/index.ts'
import { TrailerCounter, type Metro2Issue, type TrailerRecord } from '../metro2/index.ts'
import type { Tx } from '../platform/db.ts'
import type { FurnishedEvent, FurnishedFormat } from './furnished-file.ts'
import {
  finishChunk,
  startChunk,
  type ChunkContext,
  type PendingRecord,
  type StartedChunk,
} from './ingest.chunk.ts'
import type { StoredIssue } from './ingest.rows.ts'
import { mergeStaging } from './ingest.store.ts'
import { vanishedSince } from './vanished-since.ts'
import type { IngestCounts } from './ingest.types.ts'
import { FileEnvelope } from './file-envelope.ts'
import { FileNumbers, furnisherIdIssues, type FurnisherIds } from './furnisher-ids.ts'
import { IssueSink, NOWHERE } from './issue-sink.ts'
import { SeenSet } from './seen-set.ts'
import { compareTrailer, trailerIssues, validateRecord, type TrailerMismatch } from './validation/index.ts'

export const CHUNK_RECORDS = 5000

export interface ApplierOptions {
  tx: Tx
  resolver: ChunkContext['resolver']
  furnisher: Member
  batchId: string
  format: () => FurnishedFormat
  today: string
  progress: (records: number) => void
  /**
   * No file of this furnisher was applied before: its accounts are all new, and the chunks need not look for
   * them. Accounts are stored only by applied files, under ids of their furnisher's own (tradelineId).
   */
  firstFile: boolean
  /** Identification numbers registered to other members: refused when the furnisher registered none itself. */
  foreignIds: ReadonlySet<string>
  /** Records per chunk (default CHUNK_RECORDS). */
  chunkRecords?: number | undefined
}

export interface FileOutcome {
  counts: IngestCounts
  issues: StoredIssue[]
  issuesTotal: number
  activityDate: string | null
  /** The Identification Numbers (CRRG base field 5) of the records applied, which the next files compare under. */
  metro2Ids: string[]
  trailer: { declared: TrailerRecord | null; counted: TrailerRecord; mismatches: TrailerMismatch[] }
  summary: Record<string, unknown>
}

const hasError = (issues: readonly Metro2Issue[]) => issues.some((i) => i.severity === 'error')

export class FileApplier {
  private readonly counts: IngestCounts = {
    records: 0,
    accepted: 0,
    rejected: 0,
    warnings: 0,
    errors: 0,
    consumersCreated: 0,
    newAccounts: 0,
    updatedAccounts: 0,
    renumberedAccounts: 0,
    deletedAccounts: 0,
    droppedConsumers: 0,
    vanished: 0,
  }
  private readonly sink: IssueSink
  private readonly seen = new SeenSet()
  private readonly counter = new TrailerCounter()
  private readonly envelope: FileEnvelope
  private readonly ids: FurnisherIds
  private chunk: PendingRecord[] = []
  /** Accounts this file reported but that were rejected: present, so not "vanished". */
  private readonly rejectedAccounts = new Set<string>()
  /** The Identification Numbers of the file's records (CRRG base field 5), and of those applied. */
  private readonly numbers = new FileNumbers()
  /** The latest Date of Account Information among the records that passed the per-record checks. */
  private latestDoai: string | null = null
  private blockCount = 0
  private bytes = 0

  constructor(private readonly o: ApplierOptions) {
    this.sink = new IssueSink(o.batchId)
    this.envelope = new FileEnvelope(o.today)
    this.ids = { furnisherId: o.furnisher.id, own: new Set(o.furnisher.metro2Ids), foreign: o.foreignIds }
  }

  async handle(e: FurnishedEvent): Promise<void> {
    // Metro 2 only: JSON Lines has no header or trailer.
    if (e.kind !== 'end' && this.o.format() === 'metro2') {
      const placed = this.envelope.at(e)
      if (placed.length > 0)
        this.sink.add({ ...NOWHERE, line: e.position.line, offset: e.position.offset }, placed)
    }
    switch (e.kind) {
      case 'header':
        // A header dated after the day is named as `metro2 validate` names it (header-rules.ts), and its
        // Activity Date does not order the file (activityDate below).
        this.sink.add({ ...NOWHERE, line: e.position.line, offset: e.position.offset }, [
          ...e.issues,
          ...this.envelope.atHeader(e.header),
        ])
        return
      case 'trailer':
        this.sink.add({ ...NOWHERE, line: e.position.line, offset: e.position.offset }, e.issues)
        return
      case 'end':
        this.blockCount = e.summary.blockCount
        this.bytes = e.summary.bytes
        this.envelope.atEnd(e.issues ?? [])
        this.sink.add(NOWHERE, e.issues ?? [])
        return
      case 'unreadable':
        this.counts.records++
        this.counts.rejected++
        this.sink.add(
          {
            recordNo: e.recordNo,
            line: e.position.line,
            offset: e.position.offset,
            account: e.account ?? null,
          },
          e.issues,
        )
        return
      case 'record':
        this.counts.records++
        this.counter.add(e.record)
        this.numbers.carry(e.record)
        return this.check({
          record: e.record,
          recordNo: e.recordNo,
          issues: [...e.issues],
          extra: e.extra ?? null,
          nationalIds: e.nationalIds,
          position: e.position,
        })
    }
  }

  private async check(p: PendingRecord): Promise<void> {
    p.issues.push(...validateRecord(p.record, { today: this.o.today }))
    p.issues.push(...furnisherIdIssues(this.ids, p.record))
    if (hasError(p.issues)) {
      this.counts.rejected++
      this.report(p)
      return
    }
    const doai = p.record.base.dateAccountInformation
    if (doai !== null && (this.latestDoai === null || doai > this.latestDoai)) this.latestDoai = doai
    this.chunk.push(p)
    if (this.chunk.length >= (this.o.chunkRecords ?? CHUNK_RECORDS)) await this.flush()
  }

  private report(p: PendingRecord): void {
    if (hasError(p.issues)) this.rejectedAccounts.add(p.record.base.consumerAccountNumber)
    this.sink.add(
      {
        recordNo: p.recordNo,
        line: p.position.line,
        offset: p.position.offset,
        account: p.record.base.consumerAccountNumber || null,
      },
      p.issues,
    )
  }

  // The pipeline (see ingest.chunk.ts): when chunk n is full, its lookups are sent, then chunk n-1 is finished
  // and its write queued. Writes run one after another, in order, on the file's connection; the lookups of
  // chunk n wait for the write of chunk n-3, so the resolver's memory of the last two chunks covers whatever
  // the server has not shown them yet, and at most four chunks are held.
  private started: StartedChunk | undefined
  /** The queue of writes; a failure stays here (and fails every later write) until someone awaits it. */
  private writes: Promise<void> = Promise.resolve()
  /** When each of the last chunks' writes is done, oldest first. */
  private written: Promise<void>[] = []

  private queue(write: () => Promise<void>): Promise<void> {
    const done = this.writes.then(write)
    // Observed here so that a failure is never an unhandled rejection; it is rethrown to whoever awaits it.
    done.catch(() => {})
    this.writes = done
    return done
  }

  /** An error from a read may only be the echo of a failed write (the transaction is then aborted): report the write's. */
  private async causeOf(e: unknown): Promise<never> {
    await this.writes
    throw e
  }

  private context(): ChunkContext {
    const { tx, resolver, furnisher, batchId } = this.o
    return {
      tx,
      resolver,
      furnisherId: furnisher.id,
      batchId,
      seen: this.seen,
      firstFile: this.o.firstFile,
    }
  }

  private async flush(): Promise<void> {
    while (this.written.length > 1) await this.written.shift()!.catch((e: unknown) => this.causeOf(e))
    const next = this.chunk.length > 0 ? await startChunk(this.context(), this.chunk) : undefined
    this.chunk = []
    await this.finishStarted()
    this.started = next
    void this.queue(() => this.sink.flush(this.o.tx))
    this.o.progress(this.counts.records)
  }

  private async finishStarted(): Promise<void> {
    const started = this.started
    if (started === undefined) return
    this.started = undefined
    const out = await finishChunk(this.context(), started).catch((e: unknown) => this.causeOf(e))
    this.written.push(this.queue(out.write))
    this.counts.accepted += out.accepted.length
    this.counts.rejected += out.rejected.length
    this.counts.consumersCreated += out.consumersCreated
    this.counts.newAccounts += out.newAccounts
    this.counts.updatedAccounts += out.updatedAccounts
    this.counts.renumberedAccounts += out.moves
    this.counts.deletedAccounts += out.deleted
    this.counts.droppedConsumers += out.dropped
    for (const p of out.accepted) this.numbers.apply(p.record)
    for (const p of [...out.accepted, ...out.rejected].sort((a, b) => a.recordNo - b.recordNo)) this.report(p)
  }

  /**
   * The month the file reports: a Metro 2 header's Activity Date; JSON Lines has no header, so the latest Date of
   * Account Information among its records that passed the per-record checks. Stored with the batch, it orders
   * the furnisher's files for the month-over-month checks (previousBatch).
   */
  private activityDate(): string | null {
    if (this.o.format() !== 'metro2') return this.latestDoai
    const { header, futureHeader } = this.envelope
    return futureHeader ? null : (header?.activityDate ?? null)
  }

  /** `earlier`: some file of the furnisher was applied before, so accounts may have vanished since. */
  async finish(earlier: boolean): Promise<FileOutcome> {
    await this.flush()
    await this.finishStarted()
    await this.writes
    const counted = this.counter.result(this.blockCount)
    let mismatches: TrailerMismatch[] = []
    let declared: TrailerRecord | undefined
    if (this.o.format() === 'metro2') {
      // Not one whole file (no trailer, or one with records after it): none of it is applied, "all accepted
      // records or none" (file-envelope.ts).
      declared = this.envelope.close(this.bytes)
      mismatches = compareTrailer(declared, counted)
      this.sink.add(NOWHERE, trailerIssues(mismatches))
    }
    await mergeStaging(this.o.tx)
    const activityDate = this.activityDate()
    if (earlier) {
      const { tx, furnisher } = this.o
      const ids = this.numbers.compared
      const query = { furnisherId: furnisher.id, ids, activityDate, reported: this.rejectedAccounts }
      // A page of warnings at a time, each written before the next is read: memory stays flat.
      for await (const page of vanishedSince(tx, query)) {
        for (const v of page) {
          this.counts.vanished++
          this.sink.add({ ...NOWHERE, account: v.account }, [v.issue])
        }
        await this.sink.flush(tx)
      }
    }
    await this.sink.flush(this.o.tx)
    this.counts.errors = this.sink.errors
    this.counts.warnings = this.sink.warnings
    const trailer = { declared: declared ?? null, counted, mismatches }
    const header = this.envelope.header
    return {
      counts: this.counts,
      issues: this.sink.shown,
      issuesTotal: this.sink.total,
      activityDate,
      metro2Ids: this.numbers.appliedNumbers,
      trailer,
      summary: {
        header: header ? { reporterName: header.reporterName, activityDate: header.activityDate } : null,
        trailer,
        counts: this.counts,
        rules: Object.fromEntries(this.sink.rules),
      },
    }
  }
}
