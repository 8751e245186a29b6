// bareScan: frame every record of a Metro 2 file exactly as Metro2Parser does and convert every field to its
// type, without building records, events or issues lists. For the benchmark: parse time minus bare-scan time is
// the cost of the objects the parser hands out.
import { Metro2Parser } from './parser.ts'
import type { ScanTotals } from './scan-record.ts'

/** The bare scan, streamed: push chunks as they are read, then end(). */
export class BareScanner extends Metro2Parser {
  readonly totals: ScanTotals

  constructor() {
    const totals: ScanTotals = { records: 0, fields: 0, checksum: 0 }
    super()
    this.totals = totals
    this.scan = totals
  }
}

/** Scans a whole Metro 2 file held in memory; throws Metro2ReadError as the parser would. */
export function bareScan(bytes: Uint8Array): ScanTotals {
  const scanner = new BareScanner()
  scanner.push(bytes)
  scanner.end()
  return scanner.totals
}
