// `openbureau metro2 to-json FILE` and `openbureau metro2 from-json FILE.json`: moov-compatible JSON out of a
// Metro 2 file (read as a stream, JSON written record by record, so a large file never sits in memory) and a
// Metro 2 file out of that JSON. A file that is no Metro 2, or JSON that is no Metro2File, exits 2 with one line:
// both are AppError('invalid_input'), which the CLI root maps to exit code 2.
import { readFile } from 'node:fs/promises'
import { once } from 'node:events'
import { Option, type Command } from 'commander'
import { AppError } from '../platform/errors.ts'
import { inputFileError, openInputFile } from '../platform/input-file.ts'
import type { Metro2Issue, ReadEvent, TrailerRecord } from './metro2.model.ts'
import { dataRecordToMoovJson, fromMoovJson, headerToMoovJson, trailerToMoovJson } from './moov-json.ts'
import { Metro2ReadError } from './read-error.ts'
import { readMetro2 } from './reader.ts'
import { writeMetro2 } from './writer.ts'
import { jsonErrorKind } from '../platform/json-error.ts'
import { JsonMismatches } from './json-mismatches.ts'

export interface CliStreams {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

/** Writes, waiting for the stream to drain when it asks to (back-pressure: stdout may be a slow pipe). */
async function write(stream: NodeJS.WritableStream, data: string | Uint8Array): Promise<void> {
  if (!stream.write(data)) await once(stream, 'drain')
}

/** One line: the CLI prints errors as one line (a JSON.parse message may quote a line break). */

const indent = (json: string, by: number): string => json.replaceAll('\n', `\n${' '.repeat(by)}`)
const pretty = (value: unknown, by: number): string => indent(JSON.stringify(value, null, 2), by)

async function toJson(file: string, io: CliStreams): Promise<void> {
  const counts = new Map<string, number>()
  const note = (issues: Metro2Issue[]) => {
    for (const i of issues)
      counts.set(`${i.severity} ${i.rule}`, (counts.get(`${i.severity} ${i.rule}`) ?? 0) + 1)
  }
  const { stream } = await openInputFile(file)
  const mismatches = new JsonMismatches()
  const tell = async (...lines: string[]) => {
    for (const line of lines) await write(io.stderr, line)
  }
  let started = false
  let records = 0
  let leftOut = 0
  let trailer: TrailerRecord | undefined
  /**
   * The reader's record.trailer_not_last, as `metro2 validate` reports it: the first trailer ends the file, and the
   * JSON puts it after every record, where moov's JSON has its one place. Counted once, by the reader, so that the
   * two commands name the same trailer and the same count (found by probing: to-json left a second trailer out of
   * its count, and counted 1 record after the trailer where validate counted 2).
   */
  let notLast: Metro2Issue | undefined
  const start = async () => {
    if (!started) await write(io.stdout, '{\n  "data": [')
    started = true
  }
  const handle = async (e: ReadEvent) => {
    if (e.kind === 'header') {
      note(e.issues)
      if (!started) {
        await write(io.stdout, `{\n  "header": ${pretty(headerToMoovJson(e.header), 2)},\n  "data": [`)
        started = true
        await tell(...mismatches.lines({ kind: 'header', position: e.position }, e.issues))
      } else {
        leftOut++
        await write(
          io.stderr,
          `line ${e.position.line}: a header record after the start, left out of the JSON\n`,
        )
      }
    } else if (e.kind === 'record') {
      note(e.issues)
      await start()
      await write(
        io.stdout,
        `${records++ === 0 ? '\n' : ',\n'}    ${pretty(dataRecordToMoovJson(e.record), 4)}`,
      )
      const { recordNo, position } = e
      const account = e.record.base.consumerAccountNumber
      await tell(...mismatches.lines({ kind: 'record', recordNo, position, account }, e.issues))
    } else if (e.kind === 'trailer') {
      note(e.issues)
      if (trailer === undefined) {
        trailer = e.trailer
        await tell(...mismatches.lines({ kind: 'trailer', position: e.position }, e.issues))
      } else {
        leftOut++
        await write(io.stderr, `line ${e.position.line}: a second trailer record, left out of the JSON\n`)
      }
    } else if (e.kind === 'unreadable') {
      note(e.issues)
      leftOut++
      const why = e.issues.filter((i) => i.severity === 'error').map((i) => i.message)
      await write(
        io.stderr,
        `line ${e.position.line}: record ${e.recordNo} is unreadable: ${why.join('; ')}\n`,
      )
    } else {
      note(e.issues ?? [])
      notLast = e.issues?.find((i) => i.rule === 'record.trailer_not_last')
    }
  }
  // A file cut short ends the reading with an error: once records are printed, the JSON is still closed, so that
  // what was read stays a document a tool can open, and the cut is named (found by probing: the JSON stopped
  // mid-array). Before any record, nothing was printed: no Metro 2 at all (exit 2).
  let cut: Metro2ReadError | undefined
  try {
    for await (const batch of readMetro2(stream)) for (const e of batch) await handle(e)
  } catch (e) {
    if (!(e instanceof Metro2ReadError) || !started) throw e
    cut = e
  }
  await start()
  await write(
    io.stdout,
    `${records === 0 ? ']' : '\n  ]'}${trailer ? `,\n  "trailer": ${pretty(trailerToMoovJson(trailer), 2)}` : ''}\n}\n`,
  )
  const rest = mismatches.rest()
  if (rest !== undefined) await write(io.stderr, rest)
  for (const [what, n] of counts) await write(io.stderr, `${what}: ${n}\n`)
  if (cut !== undefined)
    throw new AppError(
      'unprocessable',
      `${cut.message}: the JSON holds the ${records} record(s) before it, and no trailer of ${file}`,
    )
  // The JSON is printed all the same, but it is not the file: a round trip through it would lose or move records.
  const problems: string[] = []
  if (leftOut > 0) problems.push(`${leftOut} record(s) of ${file} are not in the JSON (named above)`)
  // A field read as 0 or null in place of what the file holds (json-mismatches.ts): the JSON looks clean, and a
  // from-json of it would write that clean value back.
  const mismatch = mismatches.problem(file)
  if (mismatch !== undefined) problems.push(mismatch)
  // A file ends with its Trailer Record (CRRG): without one it was most likely cut short, and `validate` says
  // file.trailer_missing (found by probing: to-json said nothing and exited 0).
  if (trailer === undefined)
    problems.push(`${file} has no trailer record, so the JSON holds none: the file was likely cut short`)
  else if (notLast !== undefined)
    problems.push(`${file}: ${notLast.message}; the JSON puts the trailer after every data record`)
  if (problems.length > 0) throw new AppError('unprocessable', problems.join('; '))
}

async function fromJson(
  file: string,
  options: { format: 'fixed' | 'variable' | 'packed'; lineBreaks: boolean },
  io: CliStreams,
) {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    throw inputFileError(file, e)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    // Not JSON.parse's own message, which quotes the file: a national ID of a moov-io record (platform/json-error.ts).
    throw new AppError('invalid_input', `${file} is not JSON: ${jsonErrorKind(e)}`)
  }
  await write(
    io.stdout,
    writeMetro2(fromMoovJson(json), { format: options.format, lineBreaks: options.lineBreaks }),
  )
}

export function registerMetro2Commands(
  metro2: Command,
  io: CliStreams = { stdout: process.stdout, stderr: process.stderr },
): void {
  metro2
    .command('to-json')
    .description('print a Metro 2 file (character or packed) as moov-io/metro2 JSON; problems go to stderr')
    .argument('<file>', 'Metro 2 file')
    .action((file: string) => toJson(file, io))
  metro2
    .command('from-json')
    .description('print the Metro 2 file for a moov-io/metro2 JSON document; the trailer is recomputed')
    .argument('<file>', 'JSON file')
    .addOption(
      new Option('--format <format>', 'record format')
        .choices(['fixed', 'variable', 'packed'])
        .default('fixed'),
    )
    .option('--no-line-breaks', 'no line break after each record (packed files never have any)')
    .action((file: string, options: { format: 'fixed' | 'variable' | 'packed'; lineBreaks: boolean }) =>
      fromJson(file, options, io),
    )
}
