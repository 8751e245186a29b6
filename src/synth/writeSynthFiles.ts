// Writes the generated population as Metro 2 files: one per furnisher and month (`<id>-<YYYY-MM>.dat`), each a
// header, the month's records in consumer order and a trailer computed by the codec's streaming writer; plus
// manifest.json (files, counts, planted errors) and, on request, the truth file (hidden traits per SSN).
//
// Records go to the files as they are generated. When furnishers x months would open too many files at once,
// the window is written in chunks of months, each a new pass over the (deterministic) population.
import { open, rename, rm, writeFile, type FileHandle } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'
import { Metro2Writer, type HeaderRecord } from '../metro2/index.ts'
import { generatePopulation, generationPlan } from './generatePopulation.ts'
import { ASSOCIATED_SEGMENT } from './planAccounts.ts'
import { PRODUCTS } from './products.ts'
import {
  dateIn,
  plantedOutcomes,
  monthEnd,
  monthLabel,
  type ManifestError,
  type SynthFurnisher,
  type SynthOptionsInput,
} from './synth.model.ts'
import { TruthWriter } from './truthWriter.ts'
import { checkTruthPath } from './checkTruthPath.ts'
import { checkOutputFile, makeOutputFolder } from '../platform/output-path.ts'
import {
  MANIFEST,
  previousRunFiles,
  refusePreviousRun,
  removePreviousRun,
  type PreviousRun,
} from './previousRun.ts'
import { refuseFutureMonths } from './refuseFutureMonths.ts'

/** Bytes held for all open files together before they are written out: memory stays bounded however many
 * files a chunk opens. */
const BUFFER_BUDGET = 64 << 20
const DEFAULT_MAX_OPEN_FILES = 240

export interface SynthWriteOptions extends SynthOptionsInput {
  /** The folder the files go to; created when missing. */
  out: string
  /** Where to write the hidden traits and outcomes per consumer (JSON); none when absent. */
  truth?: string | undefined
  maxOpenFiles?: number | undefined
  /** An earlier run's files in `out`: refused, or replaced. When absent, files of the same names are
   * overwritten and the others left (a caller that owns the folder, as the benchmark's cache does). */
  previousRun?: PreviousRun | undefined
  /** The day ('YYYY-MM-DD') that no month's Date of Account Information may pass; unchecked when absent. */
  today?: string | undefined
}

export interface SynthFileInfo {
  file: string
  path: string
  identificationNumber: string
  month: string
  records: number
  j1: number
  j2: number
  bytes: number
}

export interface SynthResult {
  out: string
  manifest: string
  truth: string | undefined
  files: SynthFileInfo[]
  consumers: number
  accounts: number
  records: number
  errors: ManifestError[]
}

/** Bytes from the codec's writer, gathered and written in large pieces. */
// Written under this name until complete: a run that is interrupted (Ctrl-C) leaves no cut-off file under a
// Metro 2 file's name for `ingest` to take.
const partialPath = (path: string) => `${path}.partial`

class FileSink {
  private chunks: Uint8Array[] = []
  private pending = 0
  bytes = 0
  records = 0
  j1 = 0
  j2 = 0

  constructor(
    readonly info: Pick<SynthFileInfo, 'file' | 'path' | 'identificationNumber' | 'month'>,
    readonly writer: Metro2Writer,
    private readonly handle: FileHandle,
    private readonly flushAt: number,
  ) {}

  /** Keeps the bytes; true when enough are waiting that the caller should `flush()`. */
  put(bytes: Uint8Array): boolean {
    if (bytes.length > 0) {
      this.chunks.push(bytes)
      this.pending += bytes.length
    }
    return this.pending >= this.flushAt
  }

  async flush(): Promise<void> {
    if (this.pending === 0) return
    const data = Buffer.concat(this.chunks, this.pending)
    this.chunks = []
    this.bytes += this.pending
    this.pending = 0
    await this.handle.write(data)
  }

  /** Closes the file after a failure and removes it; the caller reports the error. */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined)
    await rm(partialPath(this.info.path), { force: true })
  }

  /** Completes the file and only then gives it its name, so that a file under its name is whole. */
  async close(): Promise<SynthFileInfo> {
    this.put(this.writer.finish())
    await this.flush()
    await this.handle.close()
    await rename(partialPath(this.info.path), this.info.path)
    return { ...this.info, records: this.records, j1: this.j1, j2: this.j2, bytes: this.bytes }
  }
}

/** CRRG Header Record; the furnisher's identification number in all four program identifier fields. */
export function synthHeader(furnisher: SynthFurnisher, month: number): HeaderRecord {
  const id = furnisher.identificationNumber
  return {
    recordDescriptorWord: 0,
    recordIdentifier: 'HEADER',
    cycleIdentifier: '',
    innovisProgramIdentifier: id,
    equifaxProgramIdentifier: id,
    experianProgramIdentifier: id,
    transUnionProgramIdentifier: id,
    activityDate: monthEnd(month),
    // Created the day after the month it reports: never "today", so the bytes depend on the options only.
    dateCreated: dateIn(month + 1, 1),
    programDate: '2024-01-01',
    programRevisionDate: '2024-01-01',
    reporterName: furnisher.name,
    reporterAddress: furnisher.address,
    reporterTelephoneNumber: furnisher.telephoneNumber,
    softwareVendorName: 'OPENBUREAU SYNTH',
    softwareVersionNumber: '1.0',
    prbcProgramIdentifier: '',
  }
}

/** Fixed-length files pad every record to one length (CRRG): the longest this furnisher's products can take. */
export function fixedRecordLength(furnisher: SynthFurnisher): number {
  let extra = 0
  for (const product of Object.values(PRODUCTS)) {
    if (!product.offeredBy.includes(furnisher.kind)) continue
    const segment = ASSOCIATED_SEGMENT[product.kind]
    extra = Math.max(extra, segment === 'j2' ? 200 : segment === 'j1' ? 100 : 0)
  }
  return 426 + extra
}

export const synthFileName = (furnisher: SynthFurnisher, month: number): string =>
  `${furnisher.identificationNumber}-${monthLabel(month)}.dat`

/** Every name synth writes in the output folder: the Metro 2 files, their partial names, the manifest. */
function ownFileNames(furnishers: readonly SynthFurnisher[], first: number, last: number): Set<string> {
  const names = new Set([MANIFEST])
  for (let month = first; month <= last; month++) {
    for (const f of furnishers) names.add(synthFileName(f, month)).add(partialPath(synthFileName(f, month)))
  }
  return names
}

export async function writeSynthFiles(input: SynthWriteOptions): Promise<SynthResult> {
  const {
    out: outDir,
    truth,
    maxOpenFiles = DEFAULT_MAX_OPEN_FILES,
    previousRun,
    today,
    ...generation
  } = input
  const plan = generationPlan(generation)
  const { options, furnishers, firstMonth, lastMonth } = plan
  const out = resolve(outDir)
  if (today !== undefined) refuseFutureMonths({ ...options, lastMonth }, today)
  // A bad --out or --truth is refused before the first file is written, and before an earlier run is removed.
  if (truth !== undefined) await checkTruthPath(truth, out, ownFileNames(furnishers, firstMonth, lastMonth))
  const previous = previousRun === undefined ? [] : await previousRunFiles(out)
  if (previousRun === 'refuse') refusePreviousRun(outDir, previous)
  // A truth file in a folder that making --out creates (--out itself or one of its missing parents) can only be
  // checked once that folder is made; any other is checked before, so that a bad one leaves no empty --out behind.
  const truthFolder = truth === undefined ? undefined : dirname(resolve(truth))
  const madeWithOut = truthFolder !== undefined && (out === truthFolder || out.startsWith(truthFolder + sep))
  if (truth !== undefined && !madeWithOut) await checkOutputFile(truth)
  await makeOutputFolder(outDir)
  if (truth !== undefined && madeWithOut) await checkOutputFile(truth)
  await removePreviousRun(out, previous)
  const monthsPerChunk = Math.max(1, Math.floor(maxOpenFiles / furnishers.length))
  const files: SynthFileInfo[] = []
  const errors: ManifestError[] = []
  let consumers = 0
  let accounts = 0
  let truthWriter: TruthWriter | undefined

  for (let from = firstMonth; from <= lastMonth; from += monthsPerChunk) {
    const to = Math.min(lastMonth, from + monthsPerChunk - 1)
    const last = to === lastMonth
    const sinks = new Map<number, FileSink>()
    const key = (furnisher: number, month: number) => furnisher * 10_000 + (month - from)
    const flushAt = Math.min(
      1 << 20,
      Math.max(64 << 10, BUFFER_BUDGET / (furnishers.length * (to - from + 1))),
    )
    for (let month = from; month <= to; month++) {
      for (const f of furnishers) {
        const file = synthFileName(f, month)
        const path = join(out, file)
        const writer = new Metro2Writer(
          options.format === 'fixed'
            ? { format: 'fixed', lineBreaks: true, recordLength: fixedRecordLength(f) }
            : { format: options.format },
        )
        const sink = new FileSink(
          { file, path, identificationNumber: f.identificationNumber, month: monthLabel(month) },
          writer,
          await open(partialPath(path), 'w'),
          flushAt,
        )
        sink.put(writer.writeHeader(synthHeader(f, month)))
        sinks.set(key(f.index, month), sink)
      }
    }
    if (last && truth !== undefined)
      truthWriter = await TruthWriter.open(resolve(truth), options, monthLabel(firstMonth))

    try {
      for (const { consumer, accounts: list } of generatePopulation(options, { from, to })) {
        for (const account of list) {
          for (const r of account.records) {
            const sink = sinks.get(key(r.furnisher, r.month))!
            if (sink.put(sink.writer.writeRecord(r.record))) await sink.flush()
            sink.records++
            sink.j1 += r.record.j1.length
            sink.j2 += r.record.j2.length
            if (r.error !== undefined) {
              errors.push({
                ...r.error,
                file: sink.info.file,
                record: sink.records,
                identificationNumber: r.record.base.identificationNumber,
                consumerAccountNumber: r.record.base.consumerAccountNumber,
              })
            }
          }
        }
        if (last) {
          consumers++
          accounts += list.filter((a) => a.outcome.reportedMonths > 0).length
          await truthWriter?.add(consumer, list)
        }
      }
    } catch (e) {
      await Promise.all([...sinks.values()].map((sink) => sink.abort()))
      await truthWriter?.abort()
      throw e
    }
    for (const sink of sinks.values()) files.push(await sink.close())
  }
  await truthWriter?.close()

  // File order, whatever order the chunks wrote them in: the manifest depends on the options only.
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  files.sort((a, b) => byName(a.file, b.file))
  errors.sort((a, b) => byName(a.file, b.file) || a.record - b.record)
  const records = files.reduce((n, f) => n + f.records, 0)
  const manifest = join(out, MANIFEST)
  const body = {
    generator: 'openbureau synth',
    options,
    furnishers,
    files: files.map(({ path: _path, ...f }) => f),
    totals: { consumers, accounts, records, errors: errors.length, errorOutcomes: plantedOutcomes(errors) },
    errors,
  }
  await writeFile(manifest, JSON.stringify(body, null, 2) + '\n')
  return {
    out,
    manifest,
    truth: truth === undefined ? undefined : resolve(truth),
    files,
    consumers,
    accounts,
    records,
    errors,
  }
}
