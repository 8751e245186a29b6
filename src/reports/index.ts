// The reports module's public surface: the consumer file, the lender's report, inquiries and the bureau
// attributes (computed here for reports, read by scoring).
import type { IdentityService } from '../identity/index.ts'
import type { AnyKysely, Db, Tx } from '../platform/db.ts'
import type { RoutePlugin } from '../platform/http/index.ts'
import { attributeInputs, attributeInputsForMany, type AttributeInputs } from './attributes.store.ts'
import { createFileService, type FileService } from './file.service.ts'
import { createFileStore } from './file.store.ts'
import { createInquiryService, type InquiryService } from './inquiry.service.ts'
import { reportRoutes } from './report.routes.ts'
import { createReportService, type ReportDeps, type ReportService } from './report.service.ts'

export type { ConsumerFile, FileTradeline } from './file.model.ts'
export type { FileService } from './file.service.ts'
export { registerFileCommand, renderConsumerFile } from './file.cli.ts'
export { paymentGrid, GRID_LEGEND, type GridMonth } from './grid.ts'
export {
  ATTRIBUTES,
  computeAttributes,
  wholeMonths,
  type AttributeName,
  type AttributeValues,
} from './attributes.ts'
export {
  ACCOUNT_CLASSES,
  ALTERNATIVE_PAYMENT_TYPES,
  DELETED_STATUSES,
  OPEN_STATUSES,
  STATUS_SCALE_TEXT,
  accountClass,
  historyScale,
  isAlternativePayment,
  statusScale,
  type AccountClass,
  type AttributeDefinition,
  type AttributeInquiry,
  type AttributeSnapshot,
  type AttributeSource,
  type AttributeType,
  type TradelineFact,
} from './attributes.model.ts'
export type { AttributeInputs, StoredTradelineFact } from './attributes.store.ts'
export { isObsolete, type RetentionFields, type RetentionRule } from './obsolete.ts'
export { shownInquiries } from './inquiry-retention.ts'
export {
  consumerInquirySchema,
  memberInquirySchema,
  type ConsumerInquiry,
  type MemberInquiry,
} from './inquiry.model.ts'
export {
  lenderReportSchema,
  personNameSchema,
  postalAddressSchema,
  reportRequestSchema,
  reportScoreSchema,
  scoreReasonSchema,
  tradelineFields,
  type LenderReport,
  type MatchMethod,
  type ReportRequest,
  type ReportScore,
  type ScoreReason,
} from './report.model.ts'
export { NOT_AVAILABLE, type ReportService } from './report.service.ts'
export { tradelineAliasKey } from './tradeline-alias.ts'
export type { ReportScoreInput, ReportScorer } from './report.scorer.ts'
export type { InquiryService } from './inquiry.service.ts'

type FileDeps = { identity: Pick<IdentityService, 'findConsumerByNationalId' | 'readIdentity'> }
export type ReportsModuleDeps = Omit<ReportDeps, 'db'> & FileDeps

export interface ReportsModule {
  files: FileService
  reports: ReportService
  inquiries: InquiryService
  /** The inputs of computeAttributes, read in the transaction given, else outside any. */
  attributeInputs(consumerKey: string, tx?: Tx): Promise<AttributeInputs>
  attributeInputsForMany(consumerKeys: readonly string[], tx?: Tx): Promise<Map<string, AttributeInputs>>
  /** The HTTP routes, for the server to register. */
  readonly routes: RoutePlugin
}

/** Everything: the file, the lender's report, inquiries, attribute inputs and the routes. */
export function createReportsModule(db: Db, deps: ReportsModuleDeps): ReportsModule
/** The consumer file alone, over a Kysely (the `file` command, ingestion tests). */
export function createReportsModule(db: AnyKysely, deps: FileDeps): { files: FileService }
export function createReportsModule(
  db: AnyKysely | Db,
  deps: FileDeps | ReportsModuleDeps,
): { files: FileService } | ReportsModule {
  if (!isDb(db)) return { files: createFileService({ store: createFileStore(db), identity: deps.identity }) }
  const full = deps as ReportsModuleDeps
  const files = createFileService({ store: createFileStore(db.kysely), identity: full.identity })
  const reports = createReportService({ ...full, db })
  const inquiries = createInquiryService({ db })
  return {
    files,
    reports,
    inquiries,
    attributeInputs: (consumerKey, tx) => attributeInputs((tx ?? db).kysely, consumerKey),
    attributeInputsForMany: (consumerKeys, tx) => attributeInputsForMany((tx ?? db).kysely, consumerKeys),
    routes: reportRoutes(reports, inquiries),
  }
}

const isDb = (x: AnyKysely | Db): x is Db =>
  'transaction' in x && 'kind' in x && 'close' in x && 'kysely' in x
