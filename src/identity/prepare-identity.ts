// The keyed hashes of one identity as furnished, before the database is asked anything: its national-ID token
// and its name + birth date + postcode match key (both HMAC-SHA-256 under the token key), and the PII values to
// store. Pure: the same input gives the same answer, so a chunk computes each spelling of an identity once.
import {
  addressValue,
  matchKey,
  nameValue,
  normaliseBirthDate,
  normalisePhone,
  type IdentityInput,
  type PiiValue,
  type Resolution,
} from './identity.model.ts'
import { nationalIdToken, parseNationalId, type NationalIdType } from './national-id.ts'

export interface Prepared {
  token: { hex: string; value: Buffer; type: NationalIdType } | undefined
  match: { hex: string; value: Buffer } | undefined
  values: PiiValue[]
}

export type Unresolved = Extract<Resolution, { ok: false }>

export function prepare(tokenKey: Buffer, item: IdentityInput): Prepared | Unresolved {
  let token: Prepared['token']
  if (item.nationalId) {
    const id = parseNationalId(item.nationalId.type, item.nationalId.normalised)
    if (!id.ok)
      return { ok: false, reason: 'invalid_national_id', message: `${item.nationalId.type}: ${id.message}` }
    const value = nationalIdToken(tokenKey, id.type, id.normalised)
    token = { hex: value.toString('hex'), value, type: id.type }
  }
  let birthDate: string | undefined
  if (item.birthDate !== null) {
    birthDate = normaliseBirthDate(item.birthDate)
    if (birthDate === undefined) {
      return {
        ok: false,
        reason: 'invalid_birth_date',
        message: `birth date "${item.birthDate}" is not a YYYY-MM-DD date`,
      }
    }
  }
  const mk =
    birthDate !== undefined && item.address
      ? matchKey(tokenKey, {
          ...item,
          birthDate,
          postcode: item.address.postcode,
          country: item.address.country,
        })
      : undefined
  if (!token && !mk) {
    return {
      ok: false,
      reason: 'insufficient_identity',
      message: 'neither a national ID nor all of surname, first name, birth date and postcode',
    }
  }
  const phone = normalisePhone(item.phone ?? '')
  const values = [
    nameValue(item),
    birthDate === undefined
      ? undefined
      : { kind: 'birth_date' as const, normalised: birthDate, plaintext: birthDate },
    addressValue(item.address),
    phone === '' ? undefined : { kind: 'phone' as const, normalised: phone, plaintext: phone },
  ].filter((v) => v !== undefined)
  return { token, match: mk && { hex: mk.toString('hex'), value: mk }, values }
}

export const isUnresolved = (p: Prepared | Unresolved): p is Unresolved => 'ok' in p

export function identityKey(i: IdentityInput): string {
  const a = i.address
  return [
    i.nationalId?.type ?? '',
    i.nationalId?.normalised ?? '',
    i.surname,
    i.firstName,
    i.middleName ?? '',
    i.generation ?? '',
    i.birthDate ?? '',
    a?.line1 ?? '',
    a?.line2 ?? '',
    a?.city ?? '',
    a?.state ?? '',
    a?.postcode ?? '',
    a?.country ?? '',
    i.phone ?? '',
  ].join('\u0000')
}
