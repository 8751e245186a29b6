// A streaming CSV reader after RFC 4180: fields separated by commas, records by CRLF (LF or a lone CR also
// accepted), fields in double quotes may hold commas, quotes (doubled) and line breaks. The parser is fed
// text in chunks of any size, so a quote or a CRLF split across two chunks reads the same as in one.
// Lenient where RFC 4180 leaves room and real files differ: a UTF-8 byte order mark is skipped, blank
// lines are skipped, and a quote inside an unquoted field is kept as a character.
import { AppError } from '../platform/errors.ts'
import { openInputFile } from '../platform/input-file.ts'

/** `line` is the 1-based physical line on which the record starts. */
export type CsvRecordHandler = (fields: string[], line: number) => void

const QUOTE = 34
const COMMA = 44
const LF = 10
const CR = 13

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

export class CsvParser {
  private fields: string[] = []
  private field = ''
  private state = State.FieldStart
  private line = 1
  private recordLine = 1
  private skipLf = false
  private started = false

  constructor(private readonly onRecord: CsvRecordHandler) {}

  write(chunk: string): void {
    let i = 0
    const n = chunk.length
    if (!this.started && n > 0) {
      this.started = true
      if (chunk.charCodeAt(0) === 0xfeff) i = 1
    }
    while (i < n) {
      const c = chunk.charCodeAt(i)
      if (this.skipLf) {
        this.skipLf = false
        if (c === LF) {
          i++
          continue
        }
      }
      switch (this.state) {
        case State.FieldStart:
          if (c === QUOTE) {
            this.state = State.Quoted
            i++
          } else if (c === COMMA) {
            this.fields.push('')
            i++
          } else if (c === LF || c === CR) {
            this.endRecord(c)
            i++
          } else {
            this.state = State.Unquoted
          }
          break
        case State.Unquoted: {
          let j = i
          let d = 0
          while (j < n) {
            d = chunk.charCodeAt(j)
            if (d === COMMA || d === LF || d === CR) break
            j++
          }
          this.field += chunk.slice(i, j)
          if (j === n) return
          this.delimiter(d)
          i = j + 1
          break
        }
        case State.Quoted: {
          const q = chunk.indexOf('"', i)
          const end = q < 0 ? n : q
          const part = chunk.slice(i, end)
          this.field += part
          for (let k = part.indexOf('\n'); k >= 0; k = part.indexOf('\n', k + 1)) this.line++
          if (q < 0) return
          this.state = State.QuoteInQuoted
          i = q + 1
          break
        }
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.field += '"'
            this.state = State.Quoted
          } else if (c === COMMA || c === LF || c === CR) {
            this.delimiter(c)
          } else {
            throw new AppError(
              'invalid_input',
              `CSV line ${this.line}: unexpected character after a closing quote (RFC 4180: a quote inside a quoted field is doubled)`,
            )
          }
          i++
          break
      }
    }
  }

  /** Flushes the last record (a file need not end with a line break). */
  end(): void {
    if (this.state === State.Quoted) {
      throw new AppError('invalid_input', `CSV line ${this.recordLine}: a quoted field is never closed`)
    }
    if (this.state !== State.FieldStart || this.fields.length > 0) {
      this.fields.push(this.field)
      this.emit()
    }
  }

  private delimiter(c: number): void {
    if (c === COMMA) {
      this.fields.push(this.field)
      this.field = ''
      this.state = State.FieldStart
    } else {
      this.fields.push(this.field)
      this.emit()
      this.newline(c)
    }
  }

  private endRecord(c: number): void {
    // A line break at the start of a field ends the record; with no field read yet the line is blank.
    if (this.fields.length > 0) {
      this.fields.push('')
      this.emit()
    }
    this.newline(c)
  }

  private newline(c: number): void {
    this.line++
    this.recordLine = this.line
    if (c === CR) this.skipLf = true
  }

  private emit(): void {
    const fields = this.fields
    this.fields = []
    this.field = ''
    this.state = State.FieldStart
    this.onRecord(fields, this.recordLine)
  }
}

export interface CsvRecord {
  readonly fields: string[]
  readonly line: number
}

/** Every record of a string (header included), for small inputs and tests. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = []
  const parser = new CsvParser((fields) => records.push(fields))
  parser.write(text)
  parser.end()
  return records
}

/** The records of a UTF-8 file, in batches of whatever one read of the file holds; header included. */
export async function* readCsvRecords(path: string, chunkBytes = 1 << 20): AsyncGenerator<CsvRecord[]> {
  let batch: CsvRecord[] = []
  const parser = new CsvParser((fields, line) => batch.push({ fields, line }))
  const { stream } = await openInputFile(path, { encoding: 'utf8', highWaterMark: chunkBytes })
  for await (const chunk of stream as AsyncIterable<string>) {
    parser.write(chunk)
    if (batch.length > 0) {
      yield batch
      batch = []
    }
  }
  parser.end()
  if (batch.length > 0) yield batch
}
