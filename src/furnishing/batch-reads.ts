// A batch's issues name accounts (their numbers, masked as stored) and what is wrong with each consumer's record:
// every read of them is recorded, whoever reads (the furnisher over HTTP, the operator on the command line), as
// every read of consumer data is (DESIGN.md principle 2).
import type { BatchesStore } from './batches.store.ts'

/** Told of each page of issues read: its batch, where the page began and how many it showed. */
export type IssuesRead = (event: { batchId: string; afterSeq: number; shown: number }) => Promise<void>

export function recordingIssueReads(store: BatchesStore, issuesRead: IssuesRead | undefined): BatchesStore {
  if (issuesRead === undefined) return store
  return {
    ...store,
    async issues(batchId, page) {
      const rows = await store.issues(batchId, page)
      // An empty page shows nothing of anyone: a read past the last issue, or of a clean file.
      if (rows.length > 0) await issuesRead({ batchId, afterSeq: page.afterSeq, shown: rows.length })
      return rows
    },
    async issuesPage(batchId, page) {
      const read = await store.issuesPage(batchId, page)
      const shown = read.issues.length
      if (shown > 0) await issuesRead({ batchId, afterSeq: page.afterSeq, shown })
      return read
    },
  }
}
