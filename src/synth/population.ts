// Synthetic consumers by index: identity (what files carry) and hidden traits (what drives behaviour and is
// never written to a Metro 2 file). Every consumer is a pure function of (seed, index), so the population is
// never held in memory: a generator, a test or a co-borrower lookup computes the one it needs.
//
// Households: indices 2h and 2h+1 form a couple with probability COUPLE_RATE. The partner (2h+1) lives at the
// primary's address, often shares the surname, and has a latent risk correlated with the primary's
// (assortative matching), so joint accounts are not noise.
import { cumulative, hashUnit, Rng } from './rng.ts'
import { ssnForIndex } from './ssnForIndex.ts'
import { daysInMonth } from './synth.model.ts'
import {
  FEMALE_FIRST_NAMES,
  MALE_FIRST_NAMES,
  PLACES,
  STREET_NAMES,
  STREET_SUFFIXES,
  SURNAMES,
} from './usIdentityData.ts'

const COUPLE_RATE = 0.45
const PARTNER_RISK_CORRELATION = 0.5
/** Ages in the homeownership propensity are taken in this year: a trait, independent of the months reported. */
const REFERENCE_YEAR = 2024
const FIRST_BIRTH_YEAR = 1940
const LAST_BIRTH_YEAR = 2005

// Stream ids: one per independent aspect, so that each can be computed alone.
const S_TRAITS = 1
const S_NAME = 2
const S_ADDRESS = 3
const S_BIRTH = 4
const S_HOUSEHOLD = 5

const PLACE_TOTALS = cumulative(PLACES.map((p) => p.weight))

export interface SynthAddress {
  firstLine: string
  secondLine: string
  city: string
  state: string
  zipCode: string
}

export interface SynthIdentity {
  surname: string
  firstName: string
  middleName: string
  generationCode: string
  /** Valid per SSA rules and unique in the population (ssnForIndex.ts). */
  socialSecurityNumber: number
  dateBirth: string
  telephoneNumber: number
  address: SynthAddress
  /** CRRG Base Segment field 46: O owns, R rents. */
  residenceCode: 'O' | 'R'
}

/** What drives a consumer's behaviour. Never furnished; exported for tests of scoring and for demos. */
export interface HiddenTraits {
  /** Standard normal; higher is riskier. Drives missed payments, utilisation and appetite for new credit. */
  latentRisk: number
  /** 1 (lowest fifth) to 5 (highest fifth). */
  incomeBand: 1 | 2 | 3 | 4 | 5
  annualIncome: number
  /** Standard normal; propensity to hold and open accounts, partly risk-driven. */
  creditAppetite: number
  /** Fraction (0.4-1) of the adult years during which the consumer has had credit. */
  tenureShare: number
  homeowner: boolean
}

export interface SynthConsumer {
  index: number
  identity: SynthIdentity
  traits: HiddenTraits
  /** The other member of the couple (index ^ 1), when the household is a couple; for the last even index it may
   * lie beyond the population generated, which planAccounts checks. */
  partner: number | undefined
  /** True for the member of a couple who holds the joint accounts (the even index) and for singles. */
  primary: boolean
}

function isCouple(seed: number, index: number): boolean {
  return hashUnit(seed, S_HOUSEHOLD, Math.floor(index / 2)) < COUPLE_RATE
}

/** Latent risk, a standard normal; a partner's mixes in the primary's draw (correlation 0.5, variance 1). */
function riskOf(seed: number, index: number): number {
  const own = Rng.from(seed, S_TRAITS, index).normal()
  if (index % 2 === 0 || !isCouple(seed, index)) return own
  const primary = Rng.from(seed, S_TRAITS, index - 1).normal()
  return PARTNER_RISK_CORRELATION * primary + Math.sqrt(1 - PARTNER_RISK_CORRELATION ** 2) * own
}

function birthYearOf(seed: number, index: number): { year: number; rng: Rng } {
  const rng = Rng.from(seed, S_BIRTH, index)
  if (index % 2 === 1 && isCouple(seed, index)) {
    const primary = birthYearOf(seed, index - 1).year
    const year = Math.round(primary + 3 * rng.normal())
    return { year: Math.min(LAST_BIRTH_YEAR, Math.max(FIRST_BIRTH_YEAR, year)), rng }
  }
  // Fewer of the oldest cohorts, as in the adult population.
  let year = rng.int(FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR)
  if (year < 1955 && rng.chance(0.5)) year = rng.int(1955, LAST_BIRTH_YEAR)
  return { year, rng }
}

/** A consumer's year of birth, without building the whole identity. */
export function birthYear(seed: number, index: number): number {
  return birthYearOf(seed, index).year
}

function homeownerOf(
  seed: number,
  index: number,
  traits: Omit<HiddenTraits, 'homeowner'>,
  birthYear: number,
): boolean {
  if (index % 2 === 1 && isCouple(seed, index)) return hiddenTraits(seed, index - 1).homeowner
  const age = REFERENCE_YEAR - birthYear
  const logit = -2.2 + 0.06 * Math.min(age, 60) + 0.45 * (traits.incomeBand - 3) - 0.35 * traits.latentRisk
  return hashUnit(seed, S_TRAITS, index, 7) < 1 / (1 + Math.exp(-logit))
}

export function hiddenTraits(seed: number, index: number): HiddenTraits {
  const latentRisk = riskOf(seed, index)
  const rng = Rng.from(seed, S_TRAITS, index, 1)
  const birthYear = birthYearOf(seed, index).year
  // Income peaks in mid-career and falls with risk; quintile cut points of the resulting score.
  const career = -(((birthYear - 1975) / 22) ** 2)
  const score = 0.7 * career - 0.45 * latentRisk + 0.8 * rng.normal()
  const cuts = [-1.25, -0.55, 0.0, 0.55]
  const incomeBand = (1 + cuts.filter((c) => score > c).length) as HiddenTraits['incomeBand']
  const annualIncome = Math.round(
    ([0, 22_000, 38_000, 60_000, 92_000, 155_000][incomeBand] ?? 0) * rng.logNormal(0, 0.2),
  )
  const creditAppetite = 0.4 * latentRisk + 0.9 * rng.normal()
  const tenureShare = rng.range(0.4, 1)
  const partial = { latentRisk, incomeBand, annualIncome, creditAppetite, tenureShare }
  return { ...partial, homeowner: homeownerOf(seed, index, partial, birthYear) }
}

function addressOf(seed: number, index: number): { address: SynthAddress; areaCode: number } {
  const rng = Rng.from(seed, S_ADDRESS, index)
  const place = PLACES[rng.weightedCumulative(PLACE_TOTALS)] ?? PLACES[0]!
  const zip = String(Number(place.zip) + rng.int(0, place.zipSpan - 1)).padStart(5, '0')
  const apartment = rng.chance(0.3) ? `APT ${rng.int(1, 30)}${rng.pick(['A', 'B', 'C', 'D'])}` : ''
  const address = {
    firstLine: `${rng.int(1, 9899)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_SUFFIXES)}`,
    secondLine: apartment,
    city: place.city,
    state: place.state,
    zipCode: zip,
  }
  return { address, areaCode: place.areaCode }
}

export function synthIdentity(seed: number, index: number, homeowner: boolean): SynthIdentity {
  const couple = isCouple(seed, index)
  const partnerOfPrimary = index % 2 === 1 && couple
  const rng = Rng.from(seed, S_NAME, index)
  const femaleAt = (i: number) => hashUnit(seed, S_NAME, i, 1) < 0.5
  const female = partnerOfPrimary
    ? rng.chance(0.95)
      ? !femaleAt(index - 1)
      : femaleAt(index - 1)
    : femaleAt(index)
  const firstNames = female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES
  const firstName = rng.pick(firstNames)
  const middleRoll = rng.float()
  const middle = rng.pick(firstNames)
  const middleName = middleRoll < 0.35 ? middle : middleRoll < 0.8 ? middle.slice(0, 1) : ''
  const surname = surnameOf(seed, partnerOfPrimary && rng.chance(0.75) ? index - 1 : index)
  const generationCode = !female && rng.chance(0.04) ? rng.pick(['J', 'S', '3']) : ''
  const { address, areaCode } = addressOf(seed, partnerOfPrimary ? index - 1 : index)
  const { year, rng: birthRng } = birthYearOf(seed, index)
  const month = birthRng.int(1, 12)
  const day = birthRng.int(1, daysInMonth(year * 12 + month - 1))
  return {
    surname,
    firstName,
    middleName,
    generationCode,
    socialSecurityNumber: ssnForIndex(seed, index),
    dateBirth: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    // NANP: area code of the city, then 555-0100..0199, the range reserved for fictional use.
    telephoneNumber: areaCode * 10_000_000 + 5_550_100 + rng.int(0, 99),
    address,
    residenceCode: homeowner ? 'O' : 'R',
  }
}

/** The surname a consumer was born with; a partner may take the primary's. */
function surnameOf(seed: number, index: number): string {
  return Rng.from(seed, S_NAME, index, 2).pick(SURNAMES)
}

export function synthConsumer(seed: number, index: number): SynthConsumer {
  const traits = hiddenTraits(seed, index)
  const couple = isCouple(seed, index)
  return {
    index,
    identity: synthIdentity(seed, index, traits.homeowner),
    traits,
    partner: couple ? index ^ 1 : undefined,
    primary: !couple || index % 2 === 0,
  }
}
