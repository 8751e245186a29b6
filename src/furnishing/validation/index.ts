// The public surface of the furnishing validation rules (to be folded into src/furnishing/index.ts).
import type { RuleInfo } from '../../metro2/index.ts'
import { METRO2_SYNTAX_RULES } from '../../metro2/index.ts'
import { VALIDATION_RULES } from './rules.ts'

export { VALIDATION_RULES } from './rules.ts'
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

/** Every rule an issue can cite: the codec's syntax rules, then the furnishing validation rules. */
export const ALL_RULES: readonly RuleInfo[] = [...METRO2_SYNTAX_RULES, ...VALIDATION_RULES]
