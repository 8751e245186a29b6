// Deliberate errors for testing the validator: each changes one field of one base segment, in the emitted
// record only (the simulation state stays right, so next month's record is correct again). Which records get
// one depends only on (seed, consumer, account, month), never on file order or chunking.
import type { DataRecord } from '../metro2/index.ts'
import { hashInts, hashUnit } from './rng.ts'
import {
  PLANTED_ERROR_KINDS,
  PLANTED_ERROR_OUTCOMES,
  type PlantedError,
  type PlantedErrorKind,
} from './synth.model.ts'

type PlantedOutcomeInfo = (typeof PLANTED_ERROR_OUTCOMES)[PlantedErrorKind]
import { isValidSsn } from './ssnForIndex.ts'

const S_ERRORS = 31

/** CRRG field 17A codes that require a Date of First Delinquency (field 25). */
const NEEDS_DOFD = new Set('61 62 63 64 65 71 78 80 82 83 84 88 89 93 94 95 96 97'.split(' '))
const VALID_STATUS = new Set(['05', '11', '13', ...NEEDS_DOFD, 'DA', 'DF'])

/** The kinds that can be planted in this record without changing anything else. */
function applicable(record: DataRecord): PlantedErrorKind[] {
  return PLANTED_ERROR_KINDS.filter(
    (kind) => kind !== 'missing_dofd' || NEEDS_DOFD.has(record.base.accountStatus),
  )
}

/** The error to plant in this record, if any: a draw below `rate`, then one of the applicable kinds. */
export function chooseError(
  rate: number,
  seed: number,
  consumer: number,
  slot: number,
  month: number,
  record: DataRecord,
): PlantedErrorKind | undefined {
  if (rate <= 0 || hashUnit(seed, S_ERRORS, consumer, slot, month) >= rate) return undefined
  const kinds = applicable(record)
  return kinds[hashInts(seed, S_ERRORS + 1, consumer, slot, month) % kinds.length]
}

/** Applies the error to the record (in place) and describes it for the manifest, with what the bureau does. */
export function plantError(record: DataRecord, kind: PlantedErrorKind, salt: number): PlantedError {
  return { ...change(record, kind, salt), ...PLANTED_ERROR_OUTCOMES[kind] }
}

function change(
  record: DataRecord,
  kind: PlantedErrorKind,
  salt: number,
): Omit<PlantedError, keyof PlantedOutcomeInfo> {
  const base = record.base
  switch (kind) {
    case 'invalid_account_status':
      base.accountStatus = '99'
      return { kind, field: 'accountStatus', description: "account status '99' is not a CRRG status code" }
    case 'missing_dofd':
      base.dateFirstDelinquency = null
      return {
        kind,
        field: 'dateFirstDelinquency',
        description: `status ${base.accountStatus} without a Date of First Delinquency`,
      }
    case 'past_due_exceeds_balance':
      base.amountPastDue = base.currentBalance + 100 + (salt % 900)
      return { kind, field: 'amountPastDue', description: 'amount past due greater than the current balance' }
    case 'invalid_ssn': {
      // Area 9xx is never issued as an SSN (SSA); groups 01-49 keep it out of the IRS's ITIN groups (50-65, 70-88,
      // 90-92, 94-99), which are national IDs too (identity/national-id.ts). The serial stays plausible.
      base.socialSecurityNumber =
        900_000_000 +
        (salt % 100) * 1_000_000 +
        (1 + (salt % 49)) * 10_000 +
        (base.socialSecurityNumber % 10_000)
      return {
        kind,
        field: 'socialSecurityNumber',
        description: 'SSN in area 900-999, which SSA never issues',
      }
    }
    case 'date_opened_after_doai': {
      const doai = base.dateAccountInformation ?? '2000-01-31'
      base.dateOpened = `${Number(doai.slice(0, 4)) + 1}${doai.slice(4, 8)}01`
      return { kind, field: 'dateOpened', description: 'date opened after the Date of Account Information' }
    }
  }
}

/** The planted kinds this record shows: what tests use to prove the manifest lists every error and no other. */
export function plantedKindsIn(record: DataRecord): PlantedErrorKind[] {
  const b = record.base
  const found: PlantedErrorKind[] = []
  if (!VALID_STATUS.has(b.accountStatus)) found.push('invalid_account_status')
  if (NEEDS_DOFD.has(b.accountStatus) && b.dateFirstDelinquency === null) found.push('missing_dofd')
  if (b.amountPastDue > b.currentBalance) found.push('past_due_exceeds_balance')
  if (!isValidSsn(b.socialSecurityNumber)) found.push('invalid_ssn')
  if (b.dateOpened !== null && b.dateAccountInformation !== null && b.dateOpened > b.dateAccountInformation) {
    found.push('date_opened_after_doai')
  }
  return found
}
