// Test support: for every validation rule, records (or states, or trailers, or files) that break it and nearby
// ones that pass it. rules.test.ts runs them all and proves that every rule of the catalogue has a breaking case.
import { sampleHeader } from '../../metro2/index.ts'
import { cfpbBytes, withTrailer } from './cfpb-files.ts'
import { compareTrailer, trailerIssues } from './compare-trailer.ts'
import { CROSS_RULE_CASES } from './cross-rule-cases.ts'
import { FIELD_RULE_CASES } from './field-rule-cases.ts'
import { TODAY, validRecord, zeroTrailer, type RecordOverrides } from './fixtures.ts'
import { validateHeader } from './header-rules.ts'
import { validateMonthOverMonth, vanishedAccount, type PriorAccountState } from './month-over-month.ts'
import { TRAILER_TOTALS } from './trailer-totals.ts'
import type { RuleCase } from './rule-case.ts'
import { validateMetro2 } from './validate-file.ts'

/** The February 2024 report of the fixture account: current, ten months of history. */
export const PRIOR: PriorAccountState = {
  asOf: '2024-02-29',
  status: '11',
  dofd: null,
  history: '0000000000BBBBBBBBBBBBBB',
  rating: '',
  closed: false,
}

const momCase = (
  rule: string,
  name: string,
  breaking: [RecordOverrides['base'], Partial<PriorAccountState>],
  passing: [RecordOverrides['base'], Partial<PriorAccountState>],
): RuleCase => ({
  rule,
  name,
  breaks: () =>
    validateMonthOverMonth(validRecord({ base: breaking[0] ?? {} }), { ...PRIOR, ...breaking[1] }),
  passes: () => validateMonthOverMonth(validRecord({ base: passing[0] ?? {} }), { ...PRIOR, ...passing[1] }),
})

const stillLate = {
  accountStatus: '78',
  dateFirstDelinquency: '2024-02-25',
  paymentHistoryProfile: '10000000000BBBBBBBBBBBBB',
}
const wasLate = { status: '71', dofd: '2024-01-25' }

const MOM_CASES: RuleCase[] = [
  momCase(
    'mom.doai_regressed',
    'an older month than the last one',
    [{}, { asOf: '2024-04-30' }],
    [{}, { asOf: '2024-03-31' }],
  ),
  momCase(
    'mom.reaging',
    'DOFD moved later while still late',
    [stillLate, wasLate],
    [{ ...stillLate, dateFirstDelinquency: '2024-01-25' }, wasLate],
  ),
  momCase(
    'mom.reaging',
    'DOFD moved later without a current month between',
    [stillLate, { ...wasLate, asOf: '2024-01-31', history: '000000000BBBBBBBBBBBBBBB' }],
    [
      { ...stillLate, paymentHistoryProfile: '01000000000BBBBBBBBBBBBB' },
      { ...wasLate, asOf: '2024-01-31', history: '00000000000BBBBBBBBBBBBB' },
    ],
  ),
  momCase(
    'mom.reaging',
    'DOFD moved later after a paid account rated late (13, rating 1)',
    [
      { ...stillLate, accountStatus: '13', paymentRating: '1', currentBalance: 0, dateClosed: '2024-03-20' },
      { ...wasLate, status: '13', rating: '1' },
    ],
    [
      { ...stillLate, accountStatus: '13', paymentRating: '1', currentBalance: 0, dateClosed: '2024-03-20' },
      { ...wasLate, status: '13', rating: '0' },
    ],
  ),
  momCase(
    'mom.dofd_moved_earlier',
    'DOFD moved earlier',
    [{ ...stillLate, dateFirstDelinquency: '2023-12-25' }, wasLate],
    [stillLate, { ...wasLate, dofd: '2024-02-25' }],
  ),
  momCase(
    'mom.history_shift',
    'the history of last month, unshifted',
    [{ paymentHistoryProfile: '10000000000BBBBBBBBBBBBB' }, { history: '10000000000BBBBBBBBBBBBB' }],
    [{ paymentHistoryProfile: '010000000000BBBBBBBBBBBB' }, { history: '10000000000BBBBBBBBBBBBB' }],
  ),
  momCase(
    'mom.history_rewritten',
    'an old month changed',
    [{ paymentHistoryProfile: '00000100000BBBBBBBBBBBBB' }, {}],
    [{ paymentHistoryProfile: '00000100000BBBBBBBBBBBBB' }, { history: '0000D00000BBBBBBBBBBBBBB' }],
  ),
  momCase(
    'mom.history_status',
    'last month 30 days late, history says current',
    [{}, { status: '71', dofd: '2024-02-25' }],
    [{ paymentHistoryProfile: '10000000000BBBBBBBBBBBBB' }, { status: '71', dofd: '2024-02-25' }],
  ),
  {
    rule: 'mom.vanished_account',
    name: 'an open account missing from the file',
    breaks: () => [vanishedAccount(PRIOR, 'ACCT0001')].filter((i) => i !== null),
    passes: () =>
      [
        vanishedAccount({ ...PRIOR, status: '13' }, 'ACCT0001'),
        vanishedAccount({ ...PRIOR, closed: true }, 'ACCT0001'),
      ].filter((i) => i !== null),
  },
]

const TRAILER_CASES: RuleCase[] = TRAILER_TOTALS.map((t) => {
  const counted = zeroTrailer({
    totalBaseRecords: 3,
    totalStatusCode11: 2,
    totalStatusCode71: 1,
    totalConsumerSegmentsJ1: 1,
  })
  return {
    rule: t.rule,
    name: `${t.label} off by one`,
    breaks: () => trailerIssues(compareTrailer({ ...counted, [t.field]: counted[t.field] + 1 }, counted)),
    passes: () => trailerIssues(compareTrailer({ ...counted }, counted)),
  }
})

const fileIssues = async (bytes: Uint8Array, maxIssues?: number) =>
  (await validateMetro2([bytes], maxIssues === undefined ? { today: TODAY } : { today: TODAY, maxIssues }))
    .issues

/** A cfpb file with its first line (the header) repeated after its second (the first data record). */
const headerRepeated = (name: string): Buffer => {
  const lines = cfpbBytes(name).toString('latin1').split('\n')
  return Buffer.from([lines[0], lines[1], lines[0], ...lines.slice(2)].join('\n'), 'latin1')
}

const HEADER_CASES: RuleCase[] = [
  {
    rule: 'cross.future_date',
    name: 'a Header Record whose Activity Date and Date Created are after today',
    breaks: () => validateHeader(sampleHeader('2099-01-31'), { today: TODAY }),
    passes: () => validateHeader(sampleHeader(TODAY), { today: TODAY }),
  },
]

const FILE_CASES: RuleCase[] = [
  {
    rule: 'file.header_missing',
    name: 'the cfpb small file without its header',
    breaks: () => fileIssues(cfpbBytes('m2_file_small_no_header.txt')),
    passes: () => fileIssues(cfpbBytes('m2_file_small.txt')),
  },
  {
    rule: 'file.header_misplaced',
    name: 'the cfpb small file with its header again after the first record',
    breaks: () => fileIssues(headerRepeated('m2_file_small.txt')),
    passes: () => fileIssues(cfpbBytes('m2_file_small.txt')),
  },
  {
    rule: 'file.trailer_missing',
    name: 'the cfpb January 2018 file, which has no trailer',
    breaks: () => fileIssues(cfpbBytes('jan-2018.txt')),
    passes: async () => fileIssues(await withTrailer('jan-2018.txt')),
  },
  {
    rule: 'file.issues_truncated',
    name: 'more issues than the report keeps',
    breaks: () => fileIssues(cfpbBytes('m2_file_small.txt'), 3),
    passes: () => fileIssues(cfpbBytes('m2_file_small.txt')),
  },
]

export const RULE_CASES: readonly RuleCase[] = [
  ...FIELD_RULE_CASES,
  ...CROSS_RULE_CASES,
  ...MOM_CASES,
  ...TRAILER_CASES,
  ...HEADER_CASES,
  ...FILE_CASES,
]
