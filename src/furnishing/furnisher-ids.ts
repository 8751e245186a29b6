// CRRG Base Segment field 5, the Identification Number, names the furnisher of a record: a member may report only
// under its own registered numbers, in Metro 2 and JSON Lines alike, and one that registered none never under
// another member's. An L1 may move an account to another of the furnisher's numbers (CRRG L1 field 4), never to
// someone else's. Pure.
import type { DataRecord, Metro2Issue } from '../metro2/index.ts'
import { newIdentificationNumber } from './validation/index.ts'

export interface FurnisherIds {
  furnisherId: string
  /** The furnisher's registered numbers. */
  own: ReadonlySet<string>
  /** Numbers registered to other members: refused when the furnisher registered none itself. */
  foreign: ReadonlySet<string>
}

/** Why the furnisher may not report under `id`, or undefined when it may. */
function notOwn(ids: FurnisherIds, id: string): string | undefined {
  if (ids.own.size > 0)
    return ids.own.has(id) ? undefined : `is not registered to furnisher "${ids.furnisherId}"`
  return ids.foreign.has(id) ? `is registered to another member, not to "${ids.furnisherId}"` : undefined
}

/** The furnisher.identification_number issues of a record: its field 5, and its L1's new number. */
export function furnisherIdIssues(ids: FurnisherIds, record: DataRecord): Metro2Issue[] {
  const out: Metro2Issue[] = []
  const idNo = record.base.identificationNumber
  const base = notOwn(ids, idNo)
  if (base !== undefined) {
    out.push({
      segment: 'base',
      field: 'identificationNumber',
      rule: 'furnisher.identification_number',
      severity: 'error',
      message: `Identification Number "${idNo}" ${base}`,
    })
  }
  const movedTo = newIdentificationNumber(record)
  const moved = movedTo === undefined ? undefined : notOwn(ids, movedTo)
  if (moved !== undefined) {
    out.push({
      segment: 'l1',
      field: 'newIdentificationNumber',
      rule: 'furnisher.identification_number',
      severity: 'error',
      message: `L1 New Identification Number "${movedTo}" ${moved}`,
    })
  }
  return out
}

/**
 * The Identification Numbers a file is compared under (month over month, vanished-since.ts): those its records
 * carry, and those of the records it applied, kept with its batch for the files after it. An account moved by an
 * L1 segment to another number (CRRG L1 field 4) is reported under that number from now on, so the file counts
 * as one of it: the next file under it compares against this one (found by probing: the moved accounts that the
 * new number's first file left out were never warned of).
 */
export class FileNumbers {
  private readonly carried = new Set<string>()
  private readonly applied = new Set<string>()

  /** A record of the file, applied or not. */
  carry(record: DataRecord): void {
    if (record.base.identificationNumber !== '') this.carried.add(record.base.identificationNumber)
  }

  /** A record the file applied. */
  apply(record: DataRecord): void {
    this.applied.add(record.base.identificationNumber)
    const movedTo = newIdentificationNumber(record)
    if (movedTo !== undefined) this.applied.add(movedTo)
  }

  /** The numbers the file's records carry; null for a file of no record (any of the furnisher's). */
  get compared(): string[] | null {
    return this.carried.size > 0 ? [...this.carried] : null
  }

  get appliedNumbers(): string[] {
    return [...this.applied].sort()
  }
}
