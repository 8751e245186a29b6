// What `openbureau ingest` says and exits with when a file comes again: its rejected records are not applied by
// sending the same bytes once more, and the answer says so and fails, as the first run did.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ingestExitCode, renderIngestResult } from './ingest.cli.ts'
import type { IngestResult } from './ingest.types.ts'

const again = (rejected: number): IngestResult => ({
  status: 'duplicate',
  batchId: 'b-1',
  furnisherId: 'acme',
  earlier: {
    fileName: 'e1.jsonl',
    appliedAt: '2026-12-07T03:30:00.000Z',
    records: 3,
    accepted: 3 - rejected,
    rejected,
  },
  durationMs: 4,
})

describe('ingest of a file already applied', () => {
  it('exits 1 when the earlier batch rejected records, and says how to get them in', () => {
    assert.equal(ingestExitCode(again(1)), 1)
    assert.equal(
      renderIngestResult(again(1)),
      'This file was already applied on 2026-12-07 03:30 UTC as batch b-1 (furnisher acme, file e1.jsonl: ' +
        '3 records, 2 accepted, 1 rejected); it was not applied again.\n' +
        'Its 1 rejected record was not applied then and is not now: send it again, corrected, in a file of its own ' +
        '(`openbureau batch b-1` lists the problems).\n',
    )
    assert.match(
      renderIngestResult(again(2)),
      /Its 2 rejected records were not applied then and are not now: send them/,
    )
  })

  it('exits 0 when every record was applied the first time, and says no more', () => {
    assert.equal(ingestExitCode(again(0)), 0)
    assert.doesNotMatch(renderIngestResult(again(0)), /rejected record/)
  })
})
