// The Metro 2 code lists (CDIA Credit Reporting Resource Guide, "CRRG", Chapter 5 exhibits) that the field
// rules check against. Values are as the codec gives them: alphanumeric fields with trailing blanks removed, so
// a blank field is '' and the one-letter Special Comments (e.g. "M ") are 'M'. Each list is a CodeTable, looked
// up by character codes, because every field of every record is checked against one.
import { K2_REMOVE_INDICATOR, RATED_STATUS_CODES } from '../../metro2/index.ts'
import { CodeTable } from './code-table.ts'

const set = (codes: string): CodeTable => CodeTable.of(codes)

/** CRRG base field 8, Portfolio Type: Line of Credit, Installment, Mortgage, Open, Revolving. */
const PORTFOLIO_LETTERS = 'CIMOR'

/** The Portfolio Types of a string of their letters as a bit mask (C = 1, I = 2, M = 4, O = 8, R = 16). */
const portfolioBits = (letters: string): number =>
  [...letters].reduce((bits, letter) => bits | (1 << PORTFOLIO_LETTERS.indexOf(letter)), 0)

/** CRRG base field 8, each Portfolio Type with its bit, to test it against an Account Type's mask. */
export const PORTFOLIO_TYPES = new CodeTable(
  [...PORTFOLIO_LETTERS].map((p) => [p, portfolioBits(p)] as const),
)

/**
 * CRRG base field 9, Account Type (Exhibit 1, numeric listing), mapped to the Portfolio Types under which
 * Exhibit 2 lists it. A type that Exhibit 2 (or the CDIA industry guides that apply it) places under more than
 * one portfolio accepts each of them: e.g. 12 Education is Installment for lenders and Open for guarantors,
 * 18 Credit Card is Revolving, or Open when there is no credit limit and the full balance is due monthly.
 * The Line of Credit set (15 43 47 89 7A 9B) is the one the cfpb/Metro2 evaluator checks (Portfolio-Type-1).
 */
export const ACCOUNT_TYPE_PORTFOLIOS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    '00': 'I', // Auto
    '01': 'I', // Unsecured
    '02': 'I', // Secured
    '03': 'I', // Partially secured
    '04': 'I', // Home improvement
    '05': 'I', // FHA home improvement
    '06': 'I', // Installment sales contract
    '07': 'RO', // Charge account
    '08': 'M', // Real estate, specific type unknown
    '0A': 'I', // Time share loan
    '0C': 'O', // Debt buyer
    '0F': 'IM', // Construction loan
    '0G': 'RO', // Flexible spending credit card
    '10': 'I', // Business loan, personally guaranteed
    '11': 'I', // Recreational merchandise
    '12': 'IO', // Education
    '13': 'I', // Lease
    '15': 'C', // Line of credit
    '17': 'IM', // Manufactured housing
    '18': 'RO', // Credit card
    '19': 'M', // FHA real estate mortgage
    '20': 'I', // Note loan
    '25': 'M', // VA real estate mortgage
    '26': 'M', // Conventional real estate mortgage
    '29': 'IO', // Rental agreement
    '2A': 'RO', // Secured credit card
    '2C': 'M', // USDA real estate mortgage
    '37': 'RO', // Combined credit plan
    '3A': 'I', // Auto lease
    '43': 'C', // Debit card
    '47': 'C', // Credit line secured
    '48': 'O', // Collection agency/attorney
    '4D': 'O', // Telecommunications/cellular
    '50': 'O', // Family support
    '5A': 'M', // Real estate, junior liens and non-purchase money first
    '5B': 'M', // Second mortgage
    '65': 'I', // Government unsecured guaranteed loan
    '66': 'I', // Government secured guaranteed loan
    '67': 'I', // Government unsecured direct loan
    '68': 'I', // Government secured direct loan
    '69': 'IO', // Government grant
    '6A': 'I', // Commercial installment loan
    '6B': 'M', // Commercial mortgage loan
    '6D': 'IM', // Home equity
    '70': 'IO', // Government overpayment
    '71': 'IO', // Government fine
    '72': 'IO', // Government fee for services
    '73': 'IO', // Government employee advance
    '74': 'IO', // Government miscellaneous debt
    '75': 'IO', // Government benefit
    '77': 'O', // Returned check
    '7A': 'C', // Commercial line of credit
    '7B': 'I', // Agricultural
    '89': 'C', // Home equity line of credit
    '8A': 'RO', // Business credit card
    '8B': 'RC', // Deposit account with overdraft protection
    '90': 'OI', // Medical debt
    '91': 'I', // Debt consolidation
    '92': 'OI', // Utility company
    '93': 'O', // Child support
    '95': 'IO', // Attorney fees
    '9A': 'IM', // Secured home improvement
    '9B': 'C', // Business line, personally guaranteed
  }),
)

/** CRRG base field 9, each Account Type with the bits of its Exhibit 2 Portfolio Types (see portfolioBits). */
export const ACCOUNT_TYPES = new CodeTable(
  [...ACCOUNT_TYPE_PORTFOLIOS].map(([type, portfolios]) => [type, portfolioBits(portfolios)] as const),
)

/** CRRG base field 17A, Account Status (Exhibit 4). */
export const ACCOUNT_STATUSES = set('05 11 13 61 62 63 64 65 71 78 80 82 83 84 88 89 93 94 95 96 97 DA DF')

/** CRRG field 17B: the statuses for which a Payment Rating must be reported (and only these). */
export const RATED_STATUSES = set(RATED_STATUS_CODES.join(' '))

/** CRRG field 17B, Payment Rating values. */
export const PAYMENT_RATINGS = set('0 1 2 3 4 5 6 G L')

/** CRRG field 18, Payment History Profile values (Exhibit 5), as written in the guide. */
export const HISTORY_CODE_LIST = '0 1 2 3 4 5 6 B D E G H J K L'
export const HISTORY_CODES = set(HISTORY_CODE_LIST)

/** Length of the Payment History Profile: one byte a month for the 24 months before the DOAI. */
export const HISTORY_LENGTH = 24

/**
 * CRRG field 25 hierarchy rule 1: the statuses that need the Date of First Delinquency (paid-derogatory 61-65,
 * delinquent 71-84, government claim 88, deed in lieu 89, collection/foreclosure/surrender/repossession/
 * charge-off 93-97). The FCRA §623(a)(5) seven-year retention runs from this date.
 */
export const DOFD_STATUSES = set('61 62 63 64 65 71 78 80 82 83 84 88 89 93 94 95 96 97')

/** CRRG field 25 hierarchy rule 2: for 05 and 13, these Payment Ratings also need a DOFD. */
export const DEROGATORY_RATINGS = set('1 2 3 4 5 6 G L')

/** CRRG field 26 / FAQ 39: paid or closed statuses, which need a Date Closed or a zero balance. */
export const PAID_STATUSES = set('13 61 62 63 64 65')

/** Statuses whose report ends the account's monthly reporting: deleted, transferred, paid. */
export const FINAL_STATUS_CODES: readonly string[] = ['DA', 'DF', '05', '13', '61', '62', '63', '64', '65']
export const FINAL_STATUSES = set(FINAL_STATUS_CODES.join(' '))

/** CRRG field 19, Special Comment (Exhibits 6 and 7). */
export const SPECIAL_COMMENTS = set(
  'B C H I M O S V AB AC AH AI AL AM AN AO AP AS AT AU AV AW AX AZ BA BB BC BD BE BF BG BH BI BJ BK BL BN BO BP ' +
    'BS BT CH CI CJ CK CL CM CN CO CP CS DE',
)

/** CRRG field 20, Compliance Condition Code (Exhibit 8). */
export const COMPLIANCE_CONDITIONS = set('XA XB XC XD XE XF XG XH XJ XR')

/** CRRG field 37 (J1 field 9, J2 field 9), ECOA Code (Exhibit 10); 0, 4 and 6 are obsolete since 2003. */
export const ECOA_CODES = set('1 2 3 5 7 T W X Z')

/**
 * CRRG field 38, Consumer Information Indicator (Exhibit 11): bankruptcy petitions A-D, discharges E-H,
 * dismissals I-L, withdrawals M-P, removal Q, reaffirmation R/S, cannot locate T/U, reaffirmation rescinded V,
 * undesignated chapter Z, personal receivership 1A, lease assumption 2A. W, X, Y are obsolete since 2010.
 */
export const CONSUMER_INFORMATION_INDICATORS = set('A B C D E F G H I J K L M N O P Q R S T U V Z 1A 2A')

/** CRRG field 25 hierarchy rule 3: bankruptcy and receivership indicators that need a DOFD even when current. */
export const BANKRUPTCY_INDICATORS = set('A B C D E F G H Z 1A V')

/** CRRG field 28, Interest Type Indicator: fixed, variable, or blank when unknown. */
export const INTEREST_TYPES = set('F V')

/** CRRG field 14, Terms Frequency (Exhibit 3). */
export const TERMS_FREQUENCIES = set('D P W B E M L Q T S Y')

/** CRRG field 33, Generation Code: Junior, Senior, II-IX; blank when not applicable. */
export const GENERATION_CODES = set('J S 2 3 4 5 6 7 8 9')

/** CRRG field 45, Address Indicator; blank when unknown. */
export const ADDRESS_INDICATORS = set('C Y N M S B U D P')

/** CRRG field 46, Residence Code: owns, rents; blank when unknown. */
export const RESIDENCE_CODES = set('O R')

/** CRRG field 39, Country Code (Exhibit 12): ISO 3166-1 alpha-2, all 249 officially assigned codes. */
export const COUNTRY_CODES = set(
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY ' +
    'BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK ' +
    'FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR ' +
    'IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ' +
    'ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM ' +
    'PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF ' +
    'TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW',
)

/**
 * CRRG field 43, State (Exhibit 14): US Postal Service codes of the states, DC, the territories and freely
 * associated states, and the military "states" AA, AE, AP.
 */
export const STATE_CODES = set(
  'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK ' +
    'OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC AS FM GU MH MP PW PR VI AA AE AP',
)

/**
 * CRRG K1 field 3, Creditor Classification, the general type of business of the Original Creditor: 01 Retail,
 * 02 Medical/Health Care, 03 Oil Company, 04 Government, 05 Personal Services, 06 Insurance, 07 Educational,
 * 08 Banking, 09 Rental/Leasing, 10 Utilities, 11 Cable/Cellular, 12 Financial, 13 Credit Union, 14 Automotive,
 * 15 Check Guarantee. The list as moov-io/metro2 carries it (pkg/lib/kn_segment.go, K1Segment and
 * ValidateCreditorClassification); a numeric field, so the codes are numbers.
 */
export const CREDITOR_CLASSIFICATIONS: ReadonlySet<number> = new Set([
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
])

/**
 * CRRG K2 field 2, Purchased From/Sold To Indicator: 1 Purchased From Name, 2 Sold To Name, 9 remove the K2
 * information reported before (as cfpb/Metro2 front-end/src/utils/annotationLookups.ts lists them).
 */
export const PURCHASED_INDICATORS: ReadonlySet<number> = new Set([1, 2, K2_REMOVE_INDICATOR])

/** CRRG K4 field 2, Specialized Payment Indicator: 01 Balloon Payment, 02 Deferred Payment. */
export const SPECIALIZED_PAYMENT_INDICATORS: ReadonlySet<number> = new Set([1, 2])

/** Countries whose addresses carry a US state and ZIP Code: the US and the territories with a USPS code. */
export const US_POSTAL_COUNTRIES = set('US AS FM GU MH MP PW PR VI UM')
