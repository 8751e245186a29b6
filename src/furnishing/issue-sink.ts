// Collects a batch's issues: every one is counted and written to batch_issues by COPY as chunks finish;
// only the first few are kept in memory for the immediate answer.
import type { Metro2Issue } from '../metro2/index.ts'
import type { Tx } from '../platform/db.ts'
import { CopyBuffer } from '../platform/copy.ts'
import { issueRow, type StoredIssue } from './ingest.rows.ts'
import { copyRows } from './ingest.store.ts'

export interface IssueWhere {
  recordNo: number | null
  line: number | null
  offset: number | null
  account: string | null
}

export const NOWHERE: IssueWhere = { recordNo: null, line: null, offset: null, account: null }

export class IssueSink {
  errors = 0
  warnings = 0
  total = 0
  readonly shown: StoredIssue[] = []
  readonly rules = new Map<string, number>()
  private readonly pending = new CopyBuffer()

  constructor(
    private readonly batchId: string,
    private readonly keep = 1000,
  ) {}

  add(where: IssueWhere, issues: readonly Metro2Issue[]): void {
    for (const i of issues) {
      const s: StoredIssue = {
        ...where,
        segment: i.segment,
        field: i.field ?? null,
        rule: i.rule,
        severity: i.severity,
        message: i.message,
      }
      if (s.severity === 'error') this.errors++
      else this.warnings++
      this.rules.set(s.rule, (this.rules.get(s.rule) ?? 0) + 1)
      if (this.shown.length < this.keep) this.shown.push(s)
      issueRow(this.pending, this.batchId, ++this.total, s)
    }
  }

  async flush(tx: Tx): Promise<void> {
    await copyRows(tx, 'batch_issues', this.pending)
  }
}
