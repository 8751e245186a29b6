// The rules that only ingestion checks: the JSON Lines format's own, who furnishes, who the consumers are, and
// the file against itself and against what is on file. Catalogued beside the validation rules, so that every
// issue a batch stores names a rule that `openbureau metro2 rules` lists (ingest.rules.test.ts breaks and
// passes each one through a real ingestion).
import type { RuleInfo } from '../metro2/index.ts'
import { ALL_RULES, errorRule as error, warningRule as warning } from './validation/index.ts'

export const INGEST_RULES: readonly RuleInfo[] = [
  // JSON Lines, the native format (jsonl.model.ts; its JSON Schema: `openbureau jsonl-schema`).
  error('jsonl.syntax', 'A JSON Lines line is one JSON value'),
  error('jsonl.line_too_long', 'A JSON Lines line is at most 1 MiB'),
  error('jsonl.not_utf8', 'A JSON Lines line is UTF-8 text'),
  error('jsonl.schema', 'A JSON Lines record has each required property, of its type and length'),
  error('jsonl.unknown_property', 'A JSON Lines record has no property outside its schema'),
  error(
    'jsonl.not_credit_data',
    'A JSON Lines record carries no consumption or contact data (merchants, items, baskets, locations)',
  ),
  // Who furnishes (CRRG Base field 5 and L1 field 4 name the furnisher).
  error(
    'furnisher.identification_number',
    'The Identification Number, and an L1 New Identification Number, are registered to the furnisher',
  ),
  // Who the consumers are (identity/: token first, then name, birth date and postcode).
  warning(
    'identity.national_id',
    "A national ID passes its type's checks; otherwise the consumer is matched on name, birth date, postcode",
  ),
  error(
    'identity.unresolved',
    'The Base Segment consumer is identified: a valid national ID, or surname, first name, birth date and postcode that name at most one consumer',
  ),
  warning(
    'identity.unresolved_associated',
    'A J1/J2 associated consumer is identified; one who cannot be is left off the account',
  ),
  warning(
    'identity.drop_unmatched',
    'A consumer given ECOA Z (delete from the account) is one on file for the account; one who is not drops no one',
  ),
  // The file against itself and against what is on file.
  error(
    'file.unreadable',
    'The file can be read as Metro 2 or JSON Lines at all; otherwise none of it is applied',
  ),
  error('file.duplicate_account', 'An account is reported once in a file'),
  error(
    'file.l1_number_taken',
    'An L1 segment does not move an account onto a number that is another account on file',
  ),
]

/** Every rule a stored issue can cite: the codec's syntax rules, the validation rules, then the ingestion rules. */
export const RULE_CATALOGUE: readonly RuleInfo[] = [...ALL_RULES, ...INGEST_RULES]
