// The synthetic furnishers: K institutions of four kinds, in a fixed rotation so that any K >= 4 has at least
// one of each, and K = 1 is a bank (the benchmark's single furnisher offers every loan product).
import type { FurnisherKind, SynthFurnisher } from './synth.model.ts'

const ROTATION: readonly FurnisherKind[] = [
  'bank',
  'fintech_lender',
  'utility',
  'telco',
  'bank',
  'fintech_lender',
  'bank',
]

const NAME_WORDS = [
  'NORTHWIND',
  'BLUE RIVER',
  'SUMMIT',
  'CEDAR',
  'LIBERTY',
  'HARBOR',
  'PRAIRIE',
  'GRANITE',
  'MERIDIAN',
]

const SUFFIX: Readonly<Record<FurnisherKind, string>> = {
  bank: 'BANK',
  fintech_lender: 'LENDING',
  utility: 'POWER AND GAS',
  telco: 'WIRELESS',
}

export function furnisherKind(index: number): FurnisherKind {
  return ROTATION[index % ROTATION.length] ?? 'bank'
}

export function synthFurnisher(index: number): SynthFurnisher {
  const kind = furnisherKind(index)
  const word = NAME_WORDS[index % NAME_WORDS.length] ?? 'SYNTHETIC'
  const round = Math.floor(index / NAME_WORDS.length)
  const number = String(index + 1).padStart(3, '0')
  return {
    index,
    identificationNumber: `SY${number}`,
    memberId: `synth-${kind.replace('_', '-')}-${number}`,
    name: `${word} ${SUFFIX[kind]}${round > 0 ? ` ${round + 1}` : ''} (SYNTHETIC)`,
    kind,
    address: `${100 + index} MARKET ST, WILMINGTON, DE 19801`,
    // 302 (Delaware) with the fictional 555-01xx exchange, like the consumers' numbers.
    telephoneNumber: 302_555_0100 + (index % 100),
  }
}

export function synthFurnishers(count: number): SynthFurnisher[] {
  return Array.from({ length: count }, (_, i) => synthFurnisher(i))
}

/** A synthetic furnisher as the members register takes it (members.add), with the roles given. */
export function furnisherMember<R extends string>(f: SynthFurnisher, roles: readonly R[]) {
  return {
    id: f.memberId,
    name: f.name,
    kind: f.kind,
    roles: [...roles],
    metro2Ids: [f.identificationNumber],
  }
}
