// One month of one account as a Metro 2 data record (CRRG Base Segment, J1 and J2 segments), in the
// property names of metro2.model.ts.
import type { DataRecord, J1Segment, J2Segment } from '../metro2/index.ts'
import type { AccountPlan } from './planAccounts.ts'
import type { SynthIdentity } from './population.ts'
import { dateIn, monthEnd } from './synth.model.ts'

/** Who is on the account: the holder (base segment) and the associated consumers, in plan order. */
export interface AccountPeople {
  readonly holder: SynthIdentity
  /** The holder's latent risk: it drives the account's behaviour. */
  readonly holderRisk: number
  readonly associated: readonly SynthIdentity[]
}

/** The account's state as reported for one month. */
export interface AccountSnapshot {
  status: string
  rating: string
  history: string
  balance: number
  pastDue: number
  scheduled: number
  actual: number
  highest: number
  chargeOff: number
  dofd: string | null
  /** Months (integers) of the closing and of the last payment; the day is the account's due day. */
  closedMonth: number | undefined
  lastPaymentMonth: number | undefined
  specialComment: string
}

/** CRRG field 13: REV revolving, LOC line of credit, 001 open; months for installment; years for mortgage. */
function termsDuration(plan: AccountPlan): string {
  switch (plan.product.portfolioType) {
    case 'R':
      return 'REV'
    case 'C':
      return 'LOC'
    case 'O':
      return '001'
    case 'I':
      return String(plan.termMonths).padStart(3, '0')
    case 'M':
      return String(Math.round(plan.termMonths / 12)).padStart(3, '0')
  }
}

function j1(person: SynthIdentity, ecoa: string): J1Segment {
  return {
    segmentIdentifier: 'J1',
    surname: person.surname,
    firstName: person.firstName,
    middleName: person.middleName,
    generationCode: person.generationCode,
    socialSecurityNumber: person.socialSecurityNumber,
    dateBirth: person.dateBirth,
    telephoneNumber: person.telephoneNumber,
    ecoaCode: ecoa,
    consumerInformationIndicator: '',
  }
}

function j2(person: SynthIdentity, ecoa: string): J2Segment {
  return {
    ...j1(person, ecoa),
    segmentIdentifier: 'J2',
    countryCode: 'US',
    firstLineAddress: person.address.firstLine,
    secondLineAddress: person.address.secondLine,
    city: person.address.city,
    state: person.address.state,
    zipCode: person.address.zipCode,
    addressIndicator: 'Y',
    residenceCode: person.residenceCode,
  }
}

export function recordFor(
  plan: AccountPlan,
  people: AccountPeople,
  month: number,
  s: AccountSnapshot,
): DataRecord {
  const holder = people.holder
  const doai = monthEnd(month)
  const record: DataRecord = {
    base: {
      recordDescriptorWord: 0,
      processingIndicator: 1,
      timeStamp: `${doai}T21:00:00`,
      correctionIndicator: 0,
      identificationNumber: plan.furnisher.identificationNumber,
      cycleIdentifier: '',
      consumerAccountNumber: plan.accountNumber,
      portfolioType: plan.product.portfolioType,
      accountType: plan.product.accountType,
      dateOpened: dateIn(plan.openMonth, plan.openDay),
      // CRRG field 11: credit limit for R and C; zero for I, M and O.
      creditLimit: plan.product.portfolioType === 'R' || plan.product.portfolioType === 'C' ? plan.amount : 0,
      highestCredit: s.highest,
      termsDuration: termsDuration(plan),
      termsFrequency: 'M',
      scheduledMonthlyPaymentAmount: s.scheduled,
      actualPaymentAmount: s.actual,
      accountStatus: s.status,
      paymentRating: s.rating,
      paymentHistoryProfile: s.history,
      specialComment: s.specialComment,
      complianceConditionCode: '',
      currentBalance: s.balance,
      amountPastDue: s.pastDue,
      originalChargeOffAmount: s.chargeOff,
      dateAccountInformation: doai,
      dateFirstDelinquency: s.dofd,
      dateClosed: s.closedMonth === undefined ? null : dateIn(s.closedMonth, plan.dueDay),
      dateLastPayment: s.lastPaymentMonth === undefined ? null : dateIn(s.lastPaymentMonth, plan.dueDay),
      interestTypeIndicator: plan.product.interestType,
      surname: holder.surname,
      firstName: holder.firstName,
      middleName: holder.middleName,
      generationCode: holder.generationCode,
      socialSecurityNumber: holder.socialSecurityNumber,
      dateBirth: holder.dateBirth,
      telephoneNumber: holder.telephoneNumber,
      ecoaCode: plan.ecoa,
      consumerInformationIndicator: '',
      countryCode: 'US',
      firstLineAddress: holder.address.firstLine,
      secondLineAddress: holder.address.secondLine,
      city: holder.address.city,
      state: holder.address.state,
      zipCode: holder.address.zipCode,
      addressIndicator: 'Y',
      residenceCode: holder.residenceCode,
    },
    j1: [],
    j2: [],
  }
  plan.associated.forEach((a, i) => {
    const person = people.associated[i]
    if (person === undefined) return
    if (a.segment === 'j1') record.j1.push(j1(person, a.ecoa))
    else record.j2.push(j2(person, a.ecoa))
  })
  return record
}
