// The 24-month payment grid shown on a file: the month of the Date of Account Information first, then the
// 23 months before it from the Payment History Profile (CRRG field 18, whose first byte is the month
// before the DOAI month). Pure.

/** The grid character of the current month, from the Account Status (CRRG Exhibit 4). */
export function statusGridChar(status: string, balance: number): string {
  switch (status) {
    case '11':
      return balance === 0 ? 'E' : '0'
    case '71':
      return '1'
    case '78':
      return '2'
    case '80':
      return '3'
    case '82':
      return '4'
    case '83':
      return '5'
    case '84':
      return '6'
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
    case '13':
    case '61':
    case '62':
    case '63':
    case '64':
    case '65':
      return 'C'
    default:
      return 'D'
  }
}

export interface GridMonth {
  /** YYYY-MM */
  month: string
  code: string
}

function monthBefore(yyyyMm: string, n: number): string {
  const [y, m] = yyyyMm.split('-').map(Number) as [number, number]
  const total = y * 12 + (m - 1) - n
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`
}

export function paymentGrid(asOf: string, status: string, balance: number, history: string): GridMonth[] {
  const month = asOf.slice(0, 7)
  const grid: GridMonth[] = [{ month, code: statusGridChar(status, balance) }]
  for (let i = 0; i < 23; i++) grid.push({ month: monthBefore(month, i + 1), code: history[i] ?? 'B' })
  return grid
}

export const GRID_LEGEND: Readonly<Record<string, string>> = {
  '0': 'current',
  '1': '30-59 days late',
  '2': '60-89 days late',
  '3': '90-119 days late',
  '4': '120-149 days late',
  '5': '150-179 days late',
  '6': '180+ days late',
  B: 'no history',
  C: 'closed or paid',
  D: 'no data',
  E: 'zero balance, current',
  G: 'collection',
  H: 'foreclosure',
  J: 'voluntary surrender',
  K: 'repossession',
  L: 'charge-off',
}
