// A valid JSON Lines record of a platform's loan funded by two banks, to vary, and its reading as events.
import { readJsonLines } from './jsonl.ts'

/** A 12-month instalment loan of 3,000 opened in January 2024, current as of March 2024. */
export const LOAN_TERMS = {
  portfolioType: 'I',
  accountType: '01',
  dateOpened: '2024-01-10',
  highestCredit: 3000,
  termsDuration: '012',
  termsFrequency: 'M',
  scheduledMonthlyPaymentAmount: 260,
  accountStatus: '11',
  paymentHistoryProfile: '00BBBBBBBBBBBBBBBBBBBBBB',
  currentBalance: 2500,
  dateAccountInformation: '2024-03-31',
} as const

export const line = (over: Record<string, unknown> = {}, base: Record<string, unknown> = {}) =>
  JSON.stringify({
    base: {
      identificationNumber: 'PAYPLAT01',
      consumerAccountNumber: 'LOAN-77',
      ...LOAN_TERMS,
      actualPaymentAmount: 260,
      dateLastPayment: '2024-03-05',
      surname: 'WANG',
      firstName: 'LI',
      nationalId: { type: 'cn-rid', value: '11010519491231002X' },
      dateBirth: '1949-12-31',
      ecoaCode: '1',
      countryCode: 'CN',
      firstLineAddress: '1 CHANGAN AVE',
      city: 'BEIJING',
      zipCode: '100000',
      ...base,
    },
    funders: [
      { funder: 'bank-a', share: 0.7 },
      { funder: 'bank-b', share: 0.3 },
    ],
    ...over,
  })

export async function* text(s: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(s)
}

export async function events(s: string) {
  const all = []
  for await (const batch of readJsonLines(text(s))) all.push(...batch)
  return all
}
