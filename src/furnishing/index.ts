import type { IdentityService } from '../identity/index.ts'
import type { MembersService } from '../members/index.ts'
import type { Db } from '../platform/db.ts'
import { recordingIssueReads, type IssuesRead } from './batch-reads.ts'
import { createBatchesStore } from './batches.store.ts'
import { forgetConsumer } from './forget-consumer.store.ts'
import { createIngestService, type IngestDeps } from './ingest.service.ts'

export type { IngestService } from './ingest.service.ts'
export type { IngestCounts, IngestInput, IngestResult } from './ingest.types.ts'
export type { BatchDetail, BatchSummary, BatchesStore } from './batches.store.ts'
export type { StoredIssue } from './ingest.rows.ts'
export { registerIngestCommands, renderIngestResult } from './ingest.cli.ts'
export { furnishingRoutes } from './furnishing.routes.ts'
export { tradelineId, CLOSED_STATUSES } from './ingest.model.ts'
export { jsonlJsonSchema, jsonlRecordSchema, type JsonlRecord } from './jsonl.model.ts'
export * from './validation/index.ts'

export function createFurnishingModule(
  db: Db,
  deps: {
    identity: Pick<IdentityService, 'resolver'>
    members: Pick<MembersService, 'resolveFurnisher' | 'metro2IdsOfOthers'>
  } & Pick<IngestDeps, 'audit' | 'refused' | 'clock'> & { issuesRead?: IssuesRead },
) {
  const { issuesRead, ...ingestDeps } = deps
  return {
    ingest: createIngestService({ db, ...ingestDeps }),
    batches: recordingIssueReads(createBatchesStore(db.kysely), issuesRead),
    /** Forgets a crypto-shredded consumer's accounts and history, in the shred's transaction (identity's `forget`). */
    forgetConsumer,
  }
}
export { registerValidateCommands } from './validate.cli.ts'
