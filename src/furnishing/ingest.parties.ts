// The consumers a record names, as identity questions (identityInput) and, once resolved, as the parties kept on
// its account (partiesOf): Metro 2's base segment and its J1/J2 associated consumers (CRRG Exhibit 10 for ECOA).
import type { IdentityInput, Resolution } from '../identity/index.ts'
import {
  birthDateContradicts,
  compactText,
  parseNationalId,
  type ParsedNationalId,
} from '../identity/index.ts'
import type { DataRecord, Metro2Issue } from '../metro2/index.ts'
import { dropsConsumer, type RecordParty } from './ingest.model.ts'
import type { PartyRow } from './ingest.rows.ts'
import type { PriorAccount } from './ingest.store.ts'

/** The national ID a party is furnished with: the JSON Lines one, else the Metro 2 SSN (0 is none: CRRG). */
const givenId = (p: RecordParty): { type: string; value: string } | undefined =>
  p.nationalId ?? (p.ssn > 0 ? { type: 'us-ssn', value: String(p.ssn).padStart(9, '0') } : undefined)

const parsedId = (p: RecordParty): ParsedNationalId | undefined => {
  const given = givenId(p)
  return given && parseNationalId(given.type, given.value)
}

/**
 * How party `b`, who repeats party `a`'s national ID, differs from `a`: by name (surname or first name, compared as
 * the match key does), by birth date where both are given, or by Generation Code (CRRG Base field 33 and J1/J2
 * field 5: JR and SR, a father and son of one name). Any of them makes `b` another person; only the same name with
 * no conflicting birth date or generation is `a` again. A blank birth date says nothing, but a blank generation
 * beside a given one does: a furnisher repeating one person writes the same segment twice.
 */
function differences(a: RecordParty, b: RecordParty): string[] {
  const out: string[] = []
  if (
    compactText(a.surname) !== compactText(b.surname) ||
    compactText(a.firstName) !== compactText(b.firstName)
  )
    out.push('name')
  if (a.birthDate !== null && b.birthDate !== null && a.birthDate !== b.birthDate) out.push('birth date')
  if (compactText(a.generationCode) !== compactText(b.generationCode)) out.push('generation code')
  return out
}

const inWords = (parts: readonly string[]): string =>
  parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`

/**
 * The earlier party of the record whose national ID `p` repeats although it names someone else. Furnishers
 * often copy the primary's SSN into a J1/J2 segment; taken as the associated consumer's own, it would put their
 * name, birth date and match key on the primary's file, and their later accounts with it (a mixed file, FCRA
 * section 607(b)). The first segment to carry a number keeps it: the base segment, then J1s, then J2s.
 */
export function copiedFrom(
  p: RecordParty,
  parties: readonly RecordParty[],
): { holder: RecordParty; differs: string[] } | undefined {
  const at = parties.indexOf(p)
  if (at <= 0) return undefined
  const own = parsedId(p)
  if (!own?.ok) return undefined
  const holder = parties.slice(0, at).find((o) => {
    const other = parsedId(o)
    return other?.ok === true && other.type === own.type && other.normalised === own.normalised
  })
  const differs = holder ? differences(holder, p) : []
  return holder && differs.length > 0 ? { holder, differs } : undefined
}

const segmentName = (p: RecordParty): string => (p.segment === 'base' ? 'base' : p.segment.toUpperCase())

/**
 * The identity question for party `p`; `parties` are all of its record's, so that a national ID copied from an
 * earlier party onto another person (copiedFrom) is left out and that person is matched on name, birth date and
 * postcode alone, with a warning.
 */
export function identityInput(
  p: RecordParty,
  issues: Metro2Issue[],
  findOnly: boolean,
  parties: readonly RecordParty[] = [p],
): IdentityInput {
  let nationalId: IdentityInput['nationalId']
  const parsed = parsedId(p)
  const field = p.nationalId ? 'nationalId' : 'socialSecurityNumber'
  const copied = copiedFrom(p, parties)
  const warn = (message: string) =>
    issues.push({ segment: p.segment, field, rule: 'identity.national_id', severity: 'warning', message })
  if (parsed?.ok === false) {
    warn(`the national ID is not valid (${parsed.message}); matched on name, birth date and postcode instead`)
  } else if (copied) {
    const { holder, differs } = copied
    warn(
      `${segmentName(p)} carries the ${segmentName(holder)} segment's ${parsed?.type === 'us-ssn' ? 'SSN' : 'national ID'} but another ${inWords(differs)}; matched on name, birth date and postcode without it`,
    )
  } else if (parsed && birthDateContradicts(parsed, p.birthDate)) {
    // The number encodes a birth date (cn-rid digits 7-14, hu-tax digits 2-6) that the furnished Date of Birth
    // contradicts: one of the two is wrong, or the number is someone else's. Matched on it, the record would join
    // whoever holds it whatever their birth date, a mixed file (FCRA section 607(b)); so it is left out, as an
    // invalid number is. The message names neither date: issues are stored.
    warn(
      "the national ID's birth date differs from the Date of Birth given; matched on name, birth date and postcode instead",
    )
  } else if (parsed) nationalId = { type: parsed.type, normalised: parsed.normalised }
  return {
    nationalId,
    surname: p.surname,
    firstName: p.firstName,
    middleName: p.middleName,
    generation: p.generationCode,
    birthDate: p.birthDate,
    address: p.address,
    phone: p.phone > 0 ? String(p.phone) : undefined,
    findOnly,
  }
}

function consumerInfo(r: DataRecord, p: RecordParty): string {
  if (p.segment === 'base') return r.base.consumerInformationIndicator
  const seg = p.segment === 'j1' ? r.j1[p.index] : r.j2[p.index]
  return seg?.consumerInformationIndicator ?? ''
}

/** A party that cannot be identified: the record's error when it is the consumer (base), else a warning. */
export function unresolvedIssue(
  party: Pick<RecordParty, 'segment'>,
  res: Extract<Resolution, { ok: false }>,
): Metro2Issue {
  const base = party.segment === 'base'
  return {
    segment: party.segment,
    rule: base ? 'identity.unresolved' : 'identity.unresolved_associated',
    severity: base ? 'error' : 'warning',
    message: `the ${base ? 'consumer' : `associated consumer (${party.segment.toUpperCase()})`} cannot be identified: ${res.message}`,
  }
}

/**
 * A party filed as a new consumer although its name, birth date and postcode match one on file exactly, because
 * that consumer holds another national ID of the same type. Two people can share all three, so the record is not
 * refused; but a mistyped or transposed number looks just the same, and the furnisher must hear of it to correct
 * it (FCRA section 623(a)(2)), or the person's file is split in two (FCRA section 607(b)).
 */
function idConflictIssue(party: Pick<RecordParty, 'segment' | 'nationalId'>): Metro2Issue {
  return {
    segment: party.segment,
    field: party.nationalId ? 'nationalId' : 'socialSecurityNumber',
    rule: 'identity.national_id',
    severity: 'warning',
    message:
      'matches a consumer on file by name, birth date and postcode who holds another national ID: filed as another person; check the number',
  }
}

/**
 * An ECOA Z party who matches no one on file for the account: nothing is dropped, and the furnisher hears of it,
 * since a wrong number or name here leaves on file a consumer it meant to remove (FCRA section 623(a)(2)).
 */
export function unmatchedDropIssue(party: Pick<RecordParty, 'segment'>): Metro2Issue {
  return {
    segment: party.segment,
    field: 'ecoaCode',
    rule: 'identity.drop_unmatched',
    severity: 'warning',
    message: `the ${party.segment === 'base' ? 'consumer' : `associated consumer (${party.segment.toUpperCase()})`} has ECOA Z but matches no one on file for this account: no one was dropped`,
  }
}

/** A party an ECOA Z segment drops, with the consumer it resolved to (none: no one on file). */
export interface DroppedParty {
  party: RecordParty
  consumerKey: string | undefined
}

/** The consumers to keep on the account, and the parties its ECOA Z segments drop (CRRG Exhibit 10). */
export function partiesOf(
  p: { record: DataRecord; issues: Metro2Issue[] },
  parties: readonly RecordParty[],
  resolved: readonly (Resolution | undefined)[],
  out: { consumersCreated: number },
): { rows: PartyRow[]; dropped: DroppedParty[] } {
  const rows: PartyRow[] = []
  const dropped: DroppedParty[] = []
  parties.forEach((party, j) => {
    const res = resolved[j]
    if (res === undefined) return
    if (dropsConsumer(party)) {
      // Only looked for: one not on file has nothing to drop.
      dropped.push({ party, consumerKey: res.ok ? res.consumerKey : undefined })
      return
    }
    if (!res.ok) {
      p.issues.push(unresolvedIssue(party, res))
      return
    }
    if (res.created) out.consumersCreated++
    if (res.reason === 'new_consumer_id_conflict') p.issues.push(idConflictIssue(party))
    // The same person twice on one account (base and J1 alike) is one party: the first segment wins.
    if (rows.some((x) => x.consumerKey === res.consumerKey)) return
    rows.push({
      consumerKey: res.consumerKey,
      ecoaCode: party.ecoaCode,
      matchReason: res.reason,
      consumerInfo: consumerInfo(p.record, party),
    })
  })
  return { rows, dropped }
}

/**
 * Who a record's ECOA Z segments remove from its account on file (those they resolve to who are on it and whom the
 * record does not also name), and who stays besides the consumers it names. A Z party who matches no one on file
 * for the account removes nothing, and is warned of.
 */
export function consumerChanges(
  p: { issues: Metro2Issue[] },
  before: PriorAccount | undefined,
  rows: readonly PartyRow[],
  dropped: readonly DroppedParty[],
): { removed: string[]; kept: { consumerKey: string; ecoaCode: string }[] } {
  // An account not on file has no one on it: the furnisher is told, as for a stranger on one that is (a mistyped
  // account number would otherwise leave the consumer on file without a word; FCRA §623(a)(2)).
  const onAccount = (k: string | undefined) => before?.consumers.some((x) => x.consumerKey === k) === true
  for (const d of dropped) if (!onAccount(d.consumerKey)) p.issues.push(unmatchedDropIssue(d.party))
  if (before === undefined) return { removed: [], kept: [] }
  const named = (k: string) => rows.some((x) => x.consumerKey === k)
  // One consumer named in two Z segments is dropped once.
  const removed = [
    ...new Set(
      dropped.flatMap((d) =>
        d.consumerKey !== undefined && onAccount(d.consumerKey) && !named(d.consumerKey)
          ? [d.consumerKey]
          : [],
      ),
    ),
  ]
  const kept = before.consumers
    .filter((x) => !named(x.consumerKey) && !removed.includes(x.consumerKey))
    .map((x) => ({ consumerKey: x.consumerKey, ecoaCode: x.ecoa }))
  return { removed, kept }
}
