// The consumers a record names, as identity questions (identityInput) and, once resolved, as the parties kept on
// its account (partiesOf): Metro 2's base segment and its J1/J2 associated consumers (CRRG Exhibit 10 for ECOA).
import type { IdentityInput, Resolution } from '../identity/index.ts'
import { parseNationalId } from '../identity/index.ts'
import type { DataRecord, Metro2Issue } from '../metro2/index.ts'
import { dropsConsumer, type RecordParty } from './ingest.model.ts'
import type { PartyRow } from './ingest.rows.ts'

export function identityInput(p: RecordParty, issues: Metro2Issue[], findOnly: boolean): IdentityInput {
  let nationalId: IdentityInput['nationalId']
  const given =
    p.nationalId ?? (p.ssn > 0 ? { type: 'us-ssn', value: String(p.ssn).padStart(9, '0') } : undefined)
  if (given) {
    const parsed = parseNationalId(given.type, given.value)
    if (parsed.ok) nationalId = { type: parsed.type, normalised: parsed.normalised }
    else {
      issues.push({
        segment: p.segment,
        field: p.nationalId ? 'nationalId' : 'socialSecurityNumber',
        rule: 'identity.national_id',
        severity: 'warning',
        message: `the national ID is not valid (${parsed.message}); matched on name, birth date and postcode instead`,
      })
    }
  }
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

/** The consumers to keep on the account, and the keys of those its ECOA Z segments drop (CRRG Exhibit 10). */
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

export function partiesOf(
  p: { record: DataRecord; issues: Metro2Issue[] },
  parties: readonly RecordParty[],
  resolved: readonly (Resolution | undefined)[],
  out: { consumersCreated: number },
): { rows: PartyRow[]; dropped: string[] } {
  const rows: PartyRow[] = []
  const dropped: string[] = []
  parties.forEach((party, j) => {
    const res = resolved[j]
    if (res === undefined) return
    if (dropsConsumer(party)) {
      // Only looked for: one not on file has nothing to drop.
      if (res.ok) dropped.push(res.consumerKey)
      return
    }
    if (!res.ok) {
      p.issues.push(unresolvedIssue(party, res))
      return
    }
    if (res.created) out.consumersCreated++
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
