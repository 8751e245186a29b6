// What ingestion takes and answers; shared by the CLI, the HTTP routes and the tests.
import type { TrailerRecord } from '../metro2/index.ts'
import type { StoredIssue } from './ingest.rows.ts'
import type { TrailerMismatch } from './validation/index.ts'
import type { Sender } from './sender-standing.ts'

export interface IngestInput {
  source: AsyncIterable<Uint8Array>
  fileName?: string
  /** Member id of the furnisher; when absent, found from the file's identification numbers. */
  furnisher?: string
  /** The caller's own member id over the API: a furnisher may only write its own tradelines. */
  restrictToFurnisher?: string
  /** Who sends the file over HTTP: confirmed in good standing before the file commits (sender-standing.ts). */
  sender?: Sender | undefined
  /** SHA-256 of the content when known beforehand (a local file): a duplicate is then refused before any work. */
  contentHash?: string
  onProgress?: (p: { bytes: number; records: number }) => void
  /**
   * Records per chunk: the default suits every file; a test sets a few, so that one consumer's accounts cross
   * many chunk boundaries. The result must not depend on it.
   */
  chunkRecords?: number
}

export interface IngestCounts {
  records: number
  accepted: number
  rejected: number
  warnings: number
  errors: number
  consumersCreated: number
  newAccounts: number
  updatedAccounts: number
  /** Accounts an L1 segment moved onto a new Consumer Account Number (counted among the updated too). */
  renumberedAccounts: number
  deletedAccounts: number
  droppedConsumers: number
  vanished: number
}

export type IngestResult =
  | {
      status: 'applied'
      batchId: string
      furnisherId: string
      counts: IngestCounts
      /** The first issues; all of them are stored with the batch. */
      issues: StoredIssue[]
      issuesTotal: number
      trailer: { declared: TrailerRecord | null; counted: TrailerRecord; mismatches: TrailerMismatch[] }
      contentHash: string
      durationMs: number
    }
  | {
      status: 'duplicate'
      batchId: string
      furnisherId: string
      /** The batch that applied this content before: when, under what name, and what became of its records. */
      earlier: {
        fileName: string | null
        appliedAt: string
        records: number
        accepted: number
        rejected: number
      }
      durationMs: number
    }
