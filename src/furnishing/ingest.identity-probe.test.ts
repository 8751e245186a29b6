// Identity matching against the mixed file and the fragmented file (FCRA section 607(b), maximum possible
// accuracy): a J1 carrying the primary's SSN, a record matching a consumer who holds another SSN, an ITIN, and a
// national ID whose encoded birth date contradicts the Date of Birth given.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { DataRecord, J1Segment } from '../metro2/index.ts'
import { openIngestTestbed, type IngestTestbed } from './ingest.fixture.ts'
import { line, text } from './jsonl.fixture.ts'
import { validBase, validJ1 } from './validation/fixtures.ts'

const record = (
  account: string,
  ssn: number,
  who: { surname: string; firstName: string; dateBirth: string | null; generationCode?: string },
  j1: J1Segment[] = [],
  zipCode = '62701',
): DataRecord => ({
  base: validBase({
    consumerAccountNumber: account,
    socialSecurityNumber: ssn,
    generationCode: '',
    zipCode,
    ...who,
  }),
  j1,
  j2: [],
})

describe('identity matching, probed for mixed and fragmented files', () => {
  let t: IngestTestbed
  before(async () => (t = await openIngestTestbed('2024-05-15T12:00:00Z', ['FURNISHER01', 'PAYPLAT01'])))
  after(() => t.db.dispose())

  const fileOf = (type: string, id: string) => t.reports.files.byNationalId(type, id)
  const namesOf = async (type: string, id: string) =>
    (await fileOf(type, id)).identity.names.map((n) =>
      n.readable ? `${n.value.firstName} ${n.value.surname} ${n.value.generation}`.trim() : '?',
    )
  const accountsOf = async (type: string, id: string) =>
    (await fileOf(type, id)).tradelines.map((x) => x.accountNumber.slice(-3)).sort() // shown masked

  it('keeps a J1 of another name off the primary file when it copies the SSN without a birth date', async () => {
    const erin = validJ1({
      surname: 'GREEN',
      firstName: 'ERIN',
      generationCode: '',
      dateBirth: null,
      socialSecurityNumber: 534560001,
      ecoaCode: '2',
    })
    const dan = { surname: 'GREEN', firstName: 'DAN', dateBirth: '1960-01-01' }
    const r = await t.ingest([record('G-1', 534560001, dan, [erin])], '2024-03-31')
    assert.equal(r.counts.accepted, 1, JSON.stringify(r.issues))
    assert.deepEqual(
      r.issues.filter((i) => i.rule === 'identity.national_id').map((i) => [i.segment, i.message]),
      [
        [
          'j1',
          "J1 carries the base segment's SSN but another name; matched on name, birth date and postcode without it",
        ],
      ],
    )
    assert.deepEqual(await namesOf('us-ssn', '534560001'), ['DAN GREEN'], "Erin is not on Dan's file")
  })

  it("keeps a son of the father's name (another generation and birth date) off the father's file", async () => {
    const son = { surname: 'BROWN', firstName: 'FRANK', dateBirth: '1985-09-09', generationCode: 'J' }
    const father = { surname: 'BROWN', firstName: 'FRANK', dateBirth: '1955-03-03', generationCode: 'S' }
    const j1 = validJ1({ ...son, socialSecurityNumber: 545670001, ecoaCode: '2' })
    const march = await t.ingest([record('B-1001', 545670001, father, [j1])], '2024-03-31')
    assert.deepEqual(
      march.issues.filter((i) => i.rule === 'identity.national_id').map((i) => i.message),
      [
        "J1 carries the base segment's SSN but another birth date and generation code; matched on name, birth date and postcode without it",
      ],
    )
    // The son's own account, furnished without an SSN, lands on his file: the one the J1 made.
    const april = await t.ingest([record('B-1002', 0, son)], '2024-04-30')
    assert.equal(april.counts.accepted, 1, JSON.stringify(april.issues))
    assert.deepEqual(await accountsOf('us-ssn', '545670001'), ['001'])
    assert.deepEqual(await namesOf('us-ssn', '545670001'), ['FRANK BROWN S'])
  })

  it('files a record matching a consumer who holds another SSN as another person, and warns of it', async () => {
    const who = { surname: 'HILL', firstName: 'HANNA', dateBirth: '1971-07-07' }
    const first = await t.ingest([record('H-1', 523450001, who)], '2024-03-31')
    assert.deepEqual(first.issues, [])
    // The same person, her SSN transposed by the furnisher: 523450010.
    const second = await t.ingest([record('H-2', 523450010, who)], '2024-03-31')
    assert.equal(second.counts.accepted, 1)
    assert.equal(second.counts.consumersCreated, 1, 'two people may share name, birth date and postcode')
    assert.deepEqual(
      second.issues.map((i) => [i.segment, i.field, i.rule, i.severity, i.message]),
      [
        [
          'base',
          'socialSecurityNumber',
          'identity.national_id',
          'warning',
          'matches a consumer on file by name, birth date and postcode who holds another national ID: filed as another person; check the number',
        ],
      ],
    )
    assert.ok(!second.issues.some((i) => /523|450/.test(i.message)), 'no digits of the number in an issue')
  })

  it('matches an ITIN holder on the number, wherever they live', async () => {
    const who = { surname: 'LOPEZ', firstName: 'ANA', dateBirth: '1988-08-08' }
    const march = await t.ingest([record('I-2001', 912701234, who, [], '62701')], '2024-03-31')
    assert.deepEqual(march.issues, [], 'a valid ITIN: no warning')
    const moved = await t.ingest([record('I-2002', 912701234, who, [], '10001')], '2024-04-30')
    assert.equal(moved.counts.consumersCreated, 0, 'one person, one file')
    assert.deepEqual(await accountsOf('us-ssn', '912-70-1234'), ['001', '002'])
  })

  it("does not match on a cn-rid whose birth date contradicts the record's Date of Birth", async () => {
    const jsonl = async (s: string) => {
      const r = await t.furnishing.ingest.ingest({ source: text(s + '\n'), furnisher: 'first-bank' })
      assert.equal(r.status, 'applied')
      return r
    }
    // 11010519491231002X encodes 1949-12-31: Wang Li, born 1980, cannot hold it.
    const wang = await jsonl(line({}, { dateBirth: '1980-01-01', consumerAccountNumber: 'CN-3001' }))
    assert.deepEqual(
      wang.issues.map((i) => [i.field, i.rule, i.severity, i.message]),
      [
        [
          'nationalId',
          'identity.national_id',
          'warning',
          "the national ID's birth date differs from the Date of Birth given; matched on name, birth date and postcode instead",
        ],
      ],
    )
    const zhang = await jsonl(
      line({}, { surname: 'ZHANG', firstName: 'WEI', consumerAccountNumber: 'CN-3002' }),
    )
    assert.deepEqual(zhang.issues, [])
    assert.deepEqual(await accountsOf('cn-rid', '11010519491231002X'), ['002'])
    assert.deepEqual(await namesOf('cn-rid', '11010519491231002X'), ['WEI ZHANG'], 'no mixed file')
  })
})
