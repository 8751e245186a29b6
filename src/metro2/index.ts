// The public surface of the Metro 2 codec: other modules import only this file.
export type * from './metro2.model.ts'
export {
  CHARACTER_RECORD_LENGTH,
  DELETE_ACCOUNT_STATUSES,
  K2_REMOVE_INDICATOR,
  PACKED_RECORD_LENGTH,
  SEGMENT_LENGTHS,
  TRAILER_STATUS_CODES,
} from './metro2.model.ts'
export {
  BASE_LAYOUT,
  HEADER_LAYOUT,
  J1_LAYOUT,
  J2_LAYOUT,
  K1_LAYOUT,
  K2_LAYOUT,
  K3_LAYOUT,
  K4_LAYOUT,
  L1_LAYOUT,
  LAYOUTS,
  N1_LAYOUT,
  PACKED_BASE_LAYOUT,
  PACKED_HEADER_LAYOUT,
  PACKED_TRAILER_LAYOUT,
  TRAILER_LAYOUT,
  valueTypeOf,
  type Spec,
} from './layouts.ts'
export { isoDate } from './date-text.ts'
export { Metro2Parser } from './parser.ts'
export { readMetro2 } from './reader.ts'
export { bareScan, BareScanner } from './bare-scan.ts'
export type { ScanTotals } from './scan-record.ts'
export { parseSegment, type SegmentValues } from './parse-segment.ts'
export { Metro2Writer, writeMetro2, recordLength, type Metro2WriterOptions } from './writer.ts'
export { TrailerCounter, reportsNothing } from './trailer-counter.ts'
export { historyCodeOf, historyCodesFor, RATED_STATUS_CODES, STATUS_LEVEL } from './history-codes.ts'
export { sampleBase, sampleHeader } from './samples.ts'
export {
  toMoovJson,
  fromMoovJson,
  dataRecordToMoovJson,
  headerToMoovJson,
  trailerToMoovJson,
} from './moov-json.ts'
export { Metro2ReadError } from './read-error.ts'
export { METRO2_SYNTAX_RULES } from './rules.ts'
export { registerMetro2Commands } from './metro2.cli.ts'
