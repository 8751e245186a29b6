// Step: read a Metro 2 file from disk, streamed in 256 KiB chunks, either as a bare typed scan (every record
// framed and every field converted, no objects: the limit) or as the full parse with every record validated.
// Usage: parse.ts bare|full FILE
import { createReadStream, statSync } from 'node:fs'
import { validateRecord } from '../../src/furnishing/index.ts'
import { BareScanner, readMetro2 } from '../../src/metro2/index.ts'
import { emit, seconds } from './common.ts'

const [mode, file] = process.argv.slice(2)
if ((mode !== 'bare' && mode !== 'full') || !file) throw new Error('usage: parse.ts bare|full FILE')
const bytes = statSync(file).size
const source = () => createReadStream(file, { highWaterMark: 1 << 18 })
const today = new Date().toISOString().slice(0, 10)

const start = process.hrtime.bigint()
let records = 0
let issues = 0
if (mode === 'bare') {
  const scanner = new BareScanner()
  for await (const chunk of source()) scanner.push(chunk as Buffer)
  scanner.end()
  records = scanner.totals.records
} else {
  for await (const events of readMetro2(source())) {
    for (const e of events) {
      if (e.kind !== 'record') continue
      records++
      issues += e.issues.length + validateRecord(e.record, { today }).length
    }
  }
}
const s = seconds(start)
emit({
  step: `parse-${mode}`,
  seconds: s,
  records,
  issues,
  bytes,
  recordsPerSecond: records / s,
  mbPerSecond: bytes / 2 ** 20 / s,
})
