// Plain-language names of Metro 2 codes for files and reports (CRRG Exhibits 1, 4 and 9).
export const ACCOUNT_STATUS_TEXT: Readonly<Record<string, string>> = {
  '05': 'transferred',
  '11': 'current',
  '13': 'paid or closed, zero balance',
  '61': 'paid in full, was a voluntary surrender',
  '62': 'paid in full, was a collection',
  '63': 'paid in full, was a repossession',
  '64': 'paid in full, was a charge-off',
  '65': 'paid in full, a foreclosure was started',
  '71': '30-59 days past due',
  '78': '60-89 days past due',
  '80': '90-119 days past due',
  '82': '120-149 days past due',
  '83': '150-179 days past due',
  '84': '180 days or more past due',
  '88': 'claim filed with government',
  '89': 'deed received in lieu of foreclosure',
  '93': 'assigned to internal or external collections',
  '94': 'foreclosure completed',
  '95': 'voluntary surrender',
  '96': 'merchandise repossessed',
  '97': 'unpaid balance charged off',
  DA: 'deleted by the furnisher',
  DF: 'deleted by the furnisher: fraud',
}

export const ECOA_TEXT: Readonly<Record<string, string>> = {
  '1': 'individual',
  '2': 'joint contractual liability',
  '3': 'authorized user',
  '5': 'co-maker or guarantor',
  '7': 'maker',
  T: 'association terminated',
  W: 'business or commercial',
  X: 'deceased',
}

export const PORTFOLIO_TEXT: Readonly<Record<string, string>> = {
  C: 'line of credit',
  I: 'installment',
  M: 'mortgage',
  O: 'open',
  R: 'revolving',
}

// The account types most often seen (CRRG Exhibit 1); others show their code.
export const ACCOUNT_TYPE_TEXT: Readonly<Record<string, string>> = {
  '00': 'auto loan',
  '01': 'unsecured loan',
  '02': 'secured loan',
  '07': 'charge account',
  '12': 'education loan',
  '13': 'lease',
  '15': 'line of credit',
  '18': 'credit card',
  '19': 'FHA real estate mortgage',
  '25': 'VA real estate mortgage',
  '26': 'conventional real estate mortgage',
  '29': 'rental agreement',
  '3A': 'auto lease',
  '43': 'debit card',
  '47': 'credit line secured',
  '48': 'collection agency/attorney',
  '4D': 'telecommunication/cellular',
  '5A': 'real estate, junior liens and non-purchase money first',
  '89': 'home equity line of credit',
  '8A': 'business credit card',
  '90': 'medical debt',
  '92': 'utility company',
  '95': 'attorney fees',
}

// An account number (CRRG base field 7; K3's agency number and MIN) is shown masked, as PCI DSS v4.0 requirement
// 3.4.1 masks a card number on display: its last characters identify the account to its holder and to a lender
// comparing files, the rest stays hidden. At most the last four and never more than half, so that a short number
// keeps at least as many characters hidden as shown ("4321" is "**21", "12345" is "***45"); it was shown whole
// up to four characters, and four of five. At most eight stars, so that a long number's length is not told.
export function maskAccount(n: string): string {
  const shown = Math.min(4, Math.floor(n.length / 2))
  return `${'*'.repeat(Math.min(8, n.length - shown))}${shown > 0 ? n.slice(-shown) : ''}`
}
