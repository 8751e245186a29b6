// Pure pieces of ingestion: from a furnished DataRecord to the rows that store it, and the ids that key them.
import { hash } from 'node:crypto'
import {
  DELETE_ACCOUNT_STATUSES,
  K2_REMOVE_INDICATOR,
  type DataRecord,
  type J1Segment,
  type J2Segment,
} from '../metro2/index.ts'

/** ECOA codes of the CRRG (Exhibit 9) that make a consumer a party to the account. */
export type EcoaCode = string

/** The high nibble of a UUID's byte 8 under the RFC 9562 variant (binary 10xx). */
const VARIANT = '89ab'

/**
 * The account's id: the same for every consumer on it and for every month, derived from furnisher and
 * account number (CRRG field 7, which must stay constant month to month), so that no lookup is needed
 * to find it. Formatted as a UUID (version nibble 8: "custom", RFC 9562 section 5.8).
 */
export function tradelineId(furnisherId: string, accountNumber: string): string {
  // Straight from the hex digest (one string, no buffer): byte 6's high nibble becomes the version 8, and byte
  // 8's two high bits the variant 10, which leaves it one of 8, 9, a or b.
  const x = hash('sha256', `${furnisherId}\u0000${accountNumber}`, 'hex')
  const variant = VARIANT[parseInt(x[16]!, 16) & 3]!
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-8${x.slice(13, 16)}-${variant}${x.slice(17, 20)}-${x.slice(20, 32)}`
}

/** A consumer named by a record: the base segment's, or an associated consumer's from J1/J2. */
export interface RecordParty {
  segment: 'base' | 'j1' | 'j2'
  index: number
  ecoaCode: EcoaCode
  ssn: number
  surname: string
  firstName: string
  middleName: string
  generationCode: string
  birthDate: string | null
  phone: number
  address: PartyAddress | undefined
  /** A national ID of any supported type, from the JSON Lines format (Metro 2 carries only the SSN). */
  nationalId?: { type: string; value: string } | undefined
}

export interface NationalIdsByParty {
  base?: { type: string; value: string }
  j1: ({ type: string; value: string } | undefined)[]
  j2: ({ type: string; value: string } | undefined)[]
}

export interface PartyAddress {
  line1: string
  line2: string
  city: string
  state: string
  postcode: string
  country: string
}

function baseAddress(r: DataRecord): PartyAddress {
  const b = r.base
  return {
    line1: b.firstLineAddress,
    line2: b.secondLineAddress,
    city: b.city,
    state: b.state,
    postcode: b.zipCode,
    country: b.countryCode,
  }
}

function associated(seg: J1Segment | J2Segment, index: number, address: PartyAddress): RecordParty {
  return {
    segment: seg.segmentIdentifier === 'J1' ? 'j1' : 'j2',
    index,
    ecoaCode: seg.ecoaCode,
    ssn: seg.socialSecurityNumber,
    surname: seg.surname,
    firstName: seg.firstName,
    middleName: seg.middleName,
    generationCode: seg.generationCode,
    birthDate: seg.dateBirth,
    phone: seg.telephoneNumber,
    address,
  }
}

/**
 * Every consumer the record names. J1 carries no address because the CRRG defines it as an associated
 * consumer at the base segment's address; J2 brings its own. A consumer with ECOA Z (delete the consumer from
 * the account) is named too, so that ingestion can find and drop them.
 */
export function recordParties(r: DataRecord, ids?: NationalIdsByParty): RecordParty[] {
  const addr = baseAddress(r)
  const b = r.base
  const parties: RecordParty[] = [
    {
      segment: 'base',
      index: 0,
      ecoaCode: b.ecoaCode,
      ssn: b.socialSecurityNumber,
      surname: b.surname,
      firstName: b.firstName,
      middleName: b.middleName,
      generationCode: b.generationCode,
      birthDate: b.dateBirth,
      phone: b.telephoneNumber,
      address: addr,
      nationalId: ids?.base,
    },
  ]
  r.j1.forEach((s, i) => parties.push({ ...associated(s, i, addr), nationalId: ids?.j1[i] }))
  r.j2.forEach((s, i) =>
    parties.push({
      nationalId: ids?.j2[i],
      ...associated(s, i, {
        line1: s.firstLineAddress,
        line2: s.secondLineAddress,
        city: s.city,
        state: s.state,
        postcode: s.zipCode,
        country: s.countryCode,
      }),
    }),
  )
  return parties
}

/** The statuses that close an account (CRRG Exhibit 4: paid or closed 13, 61-65; DA delete; DF fraud delete). */
export const CLOSED_STATUSES: ReadonlySet<string> = new Set(['13', '61', '62', '63', '64', '65', 'DA', 'DF'])

/** Whether the record deletes its whole account (Account Status DA or DF). */
export const deletesAccount = (r: DataRecord): boolean => DELETE_ACCOUNT_STATUSES.has(r.base.accountStatus)

/** Whether the record drops this consumer from the account (CRRG Exhibit 10, ECOA Z: delete the consumer). */
export const dropsConsumer = (p: RecordParty): boolean => p.ecoaCode === 'Z'

/** Extra segments kept with the tradeline. N1 (employment) is read and validated but not kept: it is not
 * needed to report on credit, so it is not stored (data minimisation, DESIGN.md principle 1). */
export function tradelineExtra(r: DataRecord): Record<string, unknown> | null {
  const extra: Record<string, unknown> = {}
  if (r.k1)
    extra['originalCreditor'] = {
      name: r.k1.originalCreditorName,
      classification: r.k1.creditorClassification,
    }
  // CRRG K2 field 2: indicator 9 removes the Purchased From/Sold To information reported before, so it is not
  // kept (found by probing: it was stored and shown as "purchased/sold (9)").
  if (r.k2 && r.k2.purchasedIndicator !== K2_REMOVE_INDICATOR)
    extra['purchasedSold'] = { indicator: r.k2.purchasedIndicator, name: r.k2.purchasedName }
  if (r.k3) {
    extra['mortgage'] = {
      agency: r.k3.agencyIdentifier,
      accountNumber: r.k3.accountNumber,
      mortgageId: r.k3.mortgageIdentificationNumber,
    }
  }
  if (r.k4) {
    extra['specializedPayment'] = {
      indicator: r.k4.specializedPaymentIndicator,
      deferredStart: r.k4.deferredPaymentStartDate,
      balloonDue: r.k4.balloonPaymentDueDate,
      balloonAmount: r.k4.balloonPaymentAmount,
    }
  }
  return Object.keys(extra).length > 0 ? extra : null
}
