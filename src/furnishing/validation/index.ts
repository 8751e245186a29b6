// The public surface of the furnishing validation rules (to be folded into src/furnishing/index.ts).
import type { RuleInfo } from '../../metro2/index.ts'
import { METRO2_SYNTAX_RULES } from '../../metro2/index.ts'
import { VALIDATION_RULES } from './rules.ts'

export { error as errorRule, VALIDATION_RULES, warning as warningRule } from './rules.ts'
export { validateRecord, isAccepted, type ValidationContext } from './validate-record.ts'
export { currentAccountNumber, newIdentificationNumber } from './l1-rules.ts'
export {
  validateMonthOverMonth,
  vanishedAccount,
  priorStateOf,
  monthsBetween,
  type PriorAccountState,
} from './month-over-month.ts'
export {
  compareTrailer,
  trailerIssues,
  missingTrailerIssue,
  type TrailerMismatch,
} from './compare-trailer.ts'
export {
  validateMetro2,
  DEFAULT_MAX_ISSUES,
  type FileValidationContext,
  type ReportIssue,
  type ValidationReport,
} from './validate-file.ts'
export { formatReport } from './format-report.ts'

/** Every rule the validator cites: the codec's syntax rules, then the validation rules (ingestion adds its own). */
export const ALL_RULES: readonly RuleInfo[] = [...METRO2_SYNTAX_RULES, ...VALIDATION_RULES]
export { HeaderPlacement } from './header-placement.ts'
export { validateHeader } from './header-rules.ts'
export { FINAL_STATUS_CODES } from './codes.ts'
