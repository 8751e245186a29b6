// What `metro2 to-json` says of the records it writes whose JSON is not what the file holds. A field that cannot be
// read is read as 0 or null (rules.ts: syntax.numeric, syntax.packed, syntax.sign, syntax.date), a segment cut short
// as blanks, a second K1-N1 segment or data after a header or trailer is left out: moov's JSON has no way to carry
// the bytes, so the JSON looks clean, and from-json writes that clean value back (found by probing: to-json exited 0
// with "currentBalance": 0 for a negative packed balance, and named only a per-rule total on stderr). Each such
// error is named where `metro2 validate` names it (record, line, byte offset, account, segment, field, rule), and
// any of them fails the command: "the JSON does not match the file".
import type { Metro2Issue, Position } from './metro2.model.ts'

/**
 * Error rules whose field the JSON still carries as it is in the file. syntax.text: a byte outside printable ASCII
 * is kept (latin1, one code point per byte), and from-json refuses it (field-writer.ts), so nothing is laundered.
 */
const CARRIED_AS_IS: ReadonlySet<string> = new Set(['syntax.text'])

/** How many are named one by one: enough to find the pattern, few enough that a broken file cannot flood stderr. */
export const MAX_NAMED_MISMATCHES = 20

/** Which written record an issue belongs to: the header, the trailer, or data record `recordNo` and its account. */
export type WrittenRecord =
  | { kind: 'header' | 'trailer'; position: Position }
  | { kind: 'record'; recordNo: number; position: Position; account: string }

export class JsonMismatches {
  /** Errors in written records whose JSON differs from the file, named or not. */
  count = 0

  /**
   * The stderr lines for the issues of one record that the JSON holds: its errors that change what the JSON says
   * (warnings never do: a short segment's missing blanks are blanks), up to the first MAX_NAMED_MISMATCHES.
   */
  lines(record: WrittenRecord, issues: readonly Metro2Issue[]): string[] {
    const out: string[] = []
    for (const i of issues) {
      if (i.severity !== 'error' || CARRIED_AS_IS.has(i.rule)) continue
      if (this.count++ >= MAX_NAMED_MISMATCHES) continue
      out.push(
        `${where(record)}: ${i.segment}${i.field === undefined ? '' : `.${i.field}`}: ${i.rule}: ${i.message}\n`,
      )
    }
    return out
  }

  /** The line that counts those not named, if any. */
  rest(): string | undefined {
    const more = this.count - MAX_NAMED_MISMATCHES
    return more > 0 ? `and ${more} more error(s) in records the JSON holds, not named\n` : undefined
  }

  /** The reason to fail, if any: appended to to-json's closing error. */
  problem(file: string): string | undefined {
    if (this.count === 0) return undefined
    return (
      `${this.count} error(s) in records of ${file} that the JSON holds (named above): what could not be read ` +
      'is 0, null or blank in the JSON, or left out of it'
    )
  }
}

/** Where a record is, as `metro2 validate` says it: its number, line and byte offset, and its account. */
function where(r: WrittenRecord): string {
  const at = `line ${r.position.line} (byte offset ${r.position.offset})`
  if (r.kind !== 'record') return `${at}: the ${r.kind} record`
  return `${at}: record ${r.recordNo}${r.account === '' ? '' : ` (account '${r.account}')`}`
}
