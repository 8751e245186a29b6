// Mixed files: one person's accounts must not land on another's file. A placeholder SSN furnished for several
// people identifies none of them, and an associated consumer carrying the primary's SSN is matched without it.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { generateSecrets } from '../config.ts'
import { createIdentityModule, type IdentityService, type Resolution } from '../identity/index.ts'
import type { DataRecord, Metro2Issue } from '../metro2/index.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { openIngestTestbed, type IngestTestbed } from './ingest.fixture.ts'
import { recordParties } from './ingest.model.ts'
import { identityInput, partiesOf } from './ingest.parties.ts'
import { validBase, validJ1 } from './validation/fixtures.ts'

const CAROL_SSN = 512340001

const carol = (account: string, j1: DataRecord['j1'] = []): DataRecord => ({
  base: validBase({
    consumerAccountNumber: account,
    socialSecurityNumber: CAROL_SSN,
    surname: 'CLARK',
    firstName: 'CAROL',
    dateBirth: '1975-05-05',
  }),
  j1,
  j2: [],
})

/** David furnished alone, without an SSN, at Carol's address. */
const davidAlone = (account: string): DataRecord => ({
  base: validBase({
    consumerAccountNumber: account,
    socialSecurityNumber: 0,
    surname: 'CLARK',
    firstName: 'DAVID',
    dateBirth: '1973-03-03',
  }),
  j1: [],
  j2: [],
})

/** David as J1 on Carol's account, with Carol's SSN copied into his segment. */
const davidAsJ1 = validJ1({
  surname: 'CLARK',
  firstName: 'DAVID',
  generationCode: '',
  dateBirth: '1973-03-03',
  socialSecurityNumber: CAROL_SSN,
})

describe('ingesting a placeholder SSN', () => {
  let t: IngestTestbed
  before(async () => (t = await openIngestTestbed('2024-04-15T12:00:00Z')))
  after(() => t.db.dispose())

  it('matches each person on name, birth date and postcode, with a warning, never on the number', async () => {
    const person = (account: string, ssn: number, firstName: string, dateBirth: string, zipCode: string) => ({
      base: validBase({
        consumerAccountNumber: account,
        socialSecurityNumber: ssn,
        firstName,
        dateBirth,
        zipCode,
      }),
      j1: [],
      j2: [],
    })
    const r = await t.ingest(
      [
        person('P-1', 111111111, 'ANNA', '1961-01-01', '62701'),
        person('P-2', 111111111, 'BORIS', '1982-02-02', '10001'),
        person('P-3', 123456789, 'CLARA', '1990-03-03', '94105'),
        person('P-4', 123456789, 'DIEGO', '1955-04-04', '30301'),
      ],
      '2024-03-31',
    )
    assert.equal(r.counts.accepted, 4, JSON.stringify(r.issues))
    assert.equal(r.counts.consumersCreated, 4, 'four people, four consumers')
    const warned = r.issues.filter((i) => i.rule === 'identity.national_id')
    assert.equal(warned.length, 4)
    assert.ok(warned.every((i) => i.severity === 'warning' && /placeholder/.test(i.message)))
    await assert.rejects(t.reports.files.byNationalId('us-ssn', '111-11-1111'), /placeholder/)
  })
})

describe('an associated consumer carrying the primary consumer SSN', () => {
  let db: TestDb
  let identity: IdentityService
  before(async () => {
    db = await openTestDb()
    identity = createIdentityModule(db, generateSecrets())
  })
  after(() => db.dispose())

  /** What ingestion does for the identities of one record: its parties asked, resolved, and kept. */
  async function resolveRecord(record: DataRecord, asOf: string) {
    const issues: Metro2Issue[] = []
    const parties = recordParties(record)
    const inputs = parties.map((p) => identityInput(p, issues, false, parties))
    const resolved: Resolution[] = await db.transaction((tx) =>
      identity.resolveIdentities(tx, inputs, asOf, 'first-bank'),
    )
    const { rows } = partiesOf({ record, issues }, parties, resolved, { consumersCreated: 0 })
    return { issues, rows, keys: resolved.map((r) => (r.ok ? r.consumerKey : undefined)) }
  }

  it('matches the associated consumer without it, and keeps the primary file theirs alone', async () => {
    const joint = await resolveRecord(carol('C-1', [davidAsJ1]), '2024-03-31')
    const [carolKey, davidKey] = joint.keys
    assert.ok(carolKey && davidKey)
    assert.notEqual(davidKey, carolKey, 'David is not Carol')
    assert.equal(joint.rows.length, 2, 'both stay on the account')
    assert.deepEqual(
      joint.issues.map((i) => [i.segment, i.rule, i.severity, i.message]),
      [
        [
          'j1',
          'identity.national_id',
          'warning',
          "J1 carries the base segment's SSN but another name and birth date; matched on name, birth date and postcode without it",
        ],
      ],
    )

    const later = await resolveRecord(davidAlone('D-1'), '2024-03-31')
    assert.deepEqual(later.keys, [davidKey], "David's own account lands on David's file")

    const names = (await identity.readIdentity(carolKey))!.names.map((n) =>
      n.readable ? n.value.firstName : '',
    )
    assert.deepEqual(names, ['CAROL'], "Carol's file learns no other name")
    const found = await identity.findConsumerByDemographics({
      surname: 'CLARK',
      firstName: 'DAVID',
      birthDate: '1973-03-03',
      postcode: '62701',
    })
    assert.deepEqual(found, { match: 'unique', consumerKey: davidKey })
  })

  it('keeps the same person twice on one account as one party, matched on the SSN', async () => {
    const twice = validJ1({
      surname: 'CLARK',
      firstName: 'CAROL',
      generationCode: '',
      dateBirth: '1975-05-05',
      socialSecurityNumber: CAROL_SSN,
    })
    const r = await resolveRecord(carol('C-2', [twice]), '2024-03-31')
    assert.deepEqual(r.issues, [])
    assert.equal(r.keys[0], r.keys[1])
    assert.equal(r.rows.length, 1)
  })

  it('matches without the SSN when only the name differs: the same birth date is no proof of one person', async () => {
    const ssn = 512340002
    const base = { ...carol('C-3').base, socialSecurityNumber: ssn, firstName: 'CAROLINE' }
    const renamed = validJ1({
      surname: 'CLARK',
      firstName: 'CAROL',
      generationCode: '',
      dateBirth: '1975-05-05',
      socialSecurityNumber: ssn,
    })
    const r = await resolveRecord({ base, j1: [renamed], j2: [] }, '2024-03-31')
    assert.deepEqual(
      r.issues.map((i) => [i.segment, i.rule]),
      [['j1', 'identity.national_id']],
    )
    assert.notEqual(r.keys[0], r.keys[1])
  })
})

describe('an associated consumer carrying the primary consumer SSN, through ingestion', () => {
  let t: IngestTestbed
  before(async () => (t = await openIngestTestbed('2024-05-15T12:00:00Z')))
  after(() => t.db.dispose())

  it("puts David's own later account on David's file, not on Carol's", async () => {
    const march = await t.ingest([carol('C-9', [davidAsJ1])], '2024-03-31')
    assert.equal(march.counts.accepted, 1, JSON.stringify(march.issues))
    assert.deepEqual(
      march.issues.map((i) => [i.segment, i.rule]),
      [['j1', 'identity.national_id']],
    )
    const april = await t.ingest([davidAlone('D-9')], '2024-04-30')
    assert.equal(april.counts.accepted, 1, JSON.stringify(april.issues))
    const owners = await sql<{ account_number: string; consumer_key: string }>`
      select account_number, consumer_key from tradelines order by account_number, ecoa_code`.execute(
      t.db.kysely,
    )
    const of = (account: string) =>
      owners.rows.filter((r) => r.account_number === account).map((r) => r.consumer_key)
    const carolsFile = await t.reports.files.byNationalId('us-ssn', String(CAROL_SSN))
    const carolKey = carolsFile?.consumerKey
    assert.ok(carolKey)
    const [davidKey] = of('D-9')
    assert.ok(davidKey && davidKey !== carolKey, "David's account is on a file of its own")
    assert.deepEqual(new Set(of('C-9')), new Set([carolKey, davidKey]), 'the joint account is on both files')
  })
})
