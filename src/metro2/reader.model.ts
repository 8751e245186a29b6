// What the streaming reader tells of a file as it reads it: its events in file order, where each record lies,
// and the problems found, as data (never exceptions). Re-exported by metro2.model.ts.
import type { DataRecord, HeaderRecord, SegmentName, TrailerRecord } from './metro2.model.ts'

export type Metro2Format = 'fixed' | 'variable' | 'packed'

export type Severity = 'error' | 'warning'

/** A problem found in one record (or in the file as a whole), as data: never an exception. */
export interface Metro2Issue {
  segment: SegmentName | 'file'
  field?: string
  rule: string
  severity: Severity
  message: string
}

/** An entry of the rule catalogue (`openbureau metro2 rules`). */
export interface RuleInfo {
  id: string
  severity: Severity
  description: string
}

/** Where a record starts in the input: 1-based line (1 when the file has no line breaks), byte offset, length. */
export interface Position {
  line: number
  offset: number
  length: number
}

/** How the reader saw the file as a whole (the `end` event). */
export interface ReadSummary {
  format: Metro2Format
  lineBreaks: 'none' | 'lf' | 'crlf'
  /** 'lines': one record per line, whatever the descriptor words say; 'descriptors': framed by the RDWs. */
  framing: 'lines' | 'descriptors'
  /** Block descriptor words read (variable and packed); in an unblocked file every record is its own block. */
  blockCount: number
  bytes: number
  /** Data records: read ones and unreadable ones; the header and the trailer are not counted. */
  records: number
}

/** What the streaming reader emits, in file order. */
export type ReadEvent =
  | { kind: 'header'; header: HeaderRecord; position: Position; issues: Metro2Issue[] }
  | { kind: 'record'; record: DataRecord; recordNo: number; position: Position; issues: Metro2Issue[] }
  | { kind: 'trailer'; trailer: TrailerRecord; position: Position; issues: Metro2Issue[] }
  | { kind: 'unreadable'; recordNo: number; position: Position; issues: Metro2Issue[]; account?: string }
  /** `issues`: problems of the file as a whole (segment 'file'), such as a block cut short by the end of the file. */
  | { kind: 'end'; summary: ReadSummary; issues?: Metro2Issue[] }
