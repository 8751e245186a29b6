// What an Account Status (CRRG field 17A, Exhibit 4) becomes in the Payment History Profile (field 18,
// Exhibit 5) of the months after it. One mapping for the validator, the payment grid and the synthetic files.

/** Days-past-due bucket of the current and delinquent Account Statuses: 11 current, 71 30-59 ... 84 180+. */
export const STATUS_LEVEL: ReadonlyMap<string, number> = new Map([
  ['11', 0],
  ['71', 1],
  ['78', 2],
  ['80', 3],
  ['82', 4],
  ['83', 5],
  ['84', 6],
])

/**
 * CRRG field 17B: the Account Statuses reported with a Payment Rating (and only these), which gives the account's
 * payment status in the month of the Date of Account Information: 05 transferred, 13 paid or closed, 65 paid
 * after a foreclosure was started, 88 claim filed with the government, 89 deed in lieu, 94 foreclosure completed,
 * 95 voluntary surrender.
 */
export const RATED_STATUS_CODES = ['05', '13', '65', '88', '89', '94', '95'] as const

/**
 * The history bytes that record a month whose Account Status was `status` (Exhibit 5 codes): the delinquency
 * buckets, 0 or E for current, G collection, H foreclosure completed, J voluntary surrender, K repossession,
 * L charge-off. Statuses whose month is recorded by their Payment Rating (05, 13, 65, 88, 89) or that end the
 * account (61-64, DA, DF) have no fixed byte and give undefined.
 */
export function historyCodesFor(status: string): string | undefined {
  switch (status) {
    case '11':
      return '0E'
    case '93':
      return 'G'
    case '94':
      return 'H'
    case '95':
      return 'J'
    case '96':
      return 'K'
    case '97':
      return 'L'
    default: {
      const level = STATUS_LEVEL.get(status)
      return level === undefined ? undefined : String(level)
    }
  }
}

/** The one history byte of a month with this status and balance: E for a current account with nothing owed. */
export function historyCodeOf(status: string, balance: number): string | undefined {
  const codes = historyCodesFor(status)
  if (codes === '0E') return balance === 0 ? 'E' : '0'
  return codes
}
