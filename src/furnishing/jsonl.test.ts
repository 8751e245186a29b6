import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { generateSecrets } from '../config.ts'
import { AppError } from '../platform/errors.ts'
import { createIdentityModule } from '../identity/index.ts'
import { createMembersModule } from '../members/index.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { createReportsModule } from '../reports/index.ts'
import { createFurnishingModule, jsonlJsonSchema, validateRecord, type IngestResult } from './index.ts'
import { readFurnishedFile, type FurnishedFormat } from './furnished-file.ts'
import { events, line, text } from './jsonl.fixture.ts'

describe('JSON Lines furnishing', () => {
  it('reads a valid line into a Metro 2 record with its funders kept and its national ID not', async () => {
    const [e] = await events(line() + '\n')
    assert.equal(e?.kind, 'record')
    if (e?.kind !== 'record') return
    assert.equal(e.record.base.consumerAccountNumber, 'LOAN-77')
    assert.deepEqual(e.extra, {
      funders: [
        { funder: 'bank-a', share: 0.7 },
        { funder: 'bank-b', share: 0.3 },
      ],
    })
    assert.ok(!JSON.stringify(e.extra).includes('11010519491231002X'))
    assert.equal(e.nationalIds?.base?.type, 'cn-rid')
  })

  it('refuses unknown properties by name, and consumption data as not credit data', async () => {
    const [e] = await events(
      line({ basket: [{ item: 'tv' }] }, { merchantName: 'ACME', favouriteColour: 'red' }) + '\n',
    )
    assert.equal(e?.kind, 'unreadable')
    const messages = (e?.issues ?? []).map((i) => `${i.rule}|${i.message}`)
    assert.ok(
      messages.some(
        (m) => m.startsWith('jsonl.not_credit_data|') && m.includes('"basket" is not credit data'),
      ),
      messages.join('\n'),
    )
    assert.ok(messages.some((m) => m.startsWith('jsonl.not_credit_data|') && m.includes('base.merchantName')))
    assert.ok(
      messages.some((m) => m.startsWith('jsonl.unknown_property|') && m.includes('base.favouriteColour')),
    )
  })

  it("checks that the funders' shares add up to the whole loan", async () => {
    const [e] = await events(line({ funders: [{ funder: 'bank-a', share: 0.5 }] }) + '\n')
    assert.equal(e?.kind, 'unreadable')
    assert.match(e?.issues?.[0]?.message ?? '', /add up to 0.5000, not 1/)
  })

  it('takes on-time bill payments as alternative-payment accounts of the right Metro 2 type', async () => {
    const ok = await events(
      line(
        { funders: undefined, alternativePayment: { kind: 'telecom' } },
        { portfolioType: 'O', accountType: '4D', termsDuration: '001' },
      ) + '\n',
    )
    assert.equal(ok[0]?.kind, 'record')
    const bad = await events(line({ funders: undefined, alternativePayment: { kind: 'utility' } }) + '\n')
    assert.match(bad[0]?.issues?.[0]?.message ?? '', /portfolio type O with account type 92/)
  })

  it('goes on after a line that is not JSON, and numbers lines and byte offsets', async () => {
    const evs = await events(`${line()}\n{not json\n\n${line({}, { consumerAccountNumber: 'LOAN-78' })}\r\n`)
    assert.deepEqual(
      evs.map((e) => e.kind),
      ['record', 'unreadable', 'record', 'end'],
    )
    const [, bad, good] = evs
    assert.equal(bad?.kind !== 'end' && bad?.position.line, 2)
    assert.equal(good?.kind !== 'end' && good?.position.line, 4)
    assert.equal(bad?.kind !== 'end' && bad?.position.offset, line().length + 1)
  })

  it('reads an L1 account number change in the same vocabulary, and checks it as Metro 2 does', async () => {
    const l1 = { changeIndicator: 1, newConsumerAccountNumber: 'LOAN-78' }
    const [e] = await events(line({ l1 }) + '\n')
    assert.equal(e?.kind, 'record')
    if (e?.kind !== 'record') return
    assert.deepEqual(e.record.l1, {
      segmentIdentifier: 'L1',
      changeIndicator: 1,
      newConsumerAccountNumber: 'LOAN-78',
      newIdentificationNumber: '',
    })
    const [blank] = await events(line({ l1: { changeIndicator: 3 } }) + '\n')
    assert.equal(blank?.kind, 'record')
    if (blank?.kind !== 'record') return
    const rules = validateRecord(blank.record, { today: '2024-04-10' }).map((i) => i.rule)
    assert.deepEqual(rules, ['required.l1_new_account_number', 'required.l1_new_identification_number'])
    const [odd] = await events(line({ l1: { changeIndicator: 1, newAccountNumber: 'X' } }) + '\n')
    assert.equal(odd?.kind, 'unreadable')
    assert.deepEqual(
      odd?.issues.map((i) => [i.segment, i.rule, i.field]),
      [['l1', 'jsonl.unknown_property', 'l1.newAccountNumber']],
    )
  })

  it('refuses a day that does not exist and a control character, naming each field', async () => {
    const [e] = await events(
      line({}, { dateOpened: '2023-02-30', dateLastPayment: '0000-01-01', surname: 'NU\u0000L' }) + '\n',
    )
    assert.equal(e?.kind, 'unreadable')
    if (e?.kind !== 'unreadable') return
    assert.deepEqual(
      e.issues.map((i) => [i.field, i.rule, i.message]),
      [
        ['base.dateOpened', 'jsonl.schema', 'base.dateOpened: is not a real date'],
        ['base.dateLastPayment', 'jsonl.schema', 'base.dateLastPayment: is not a real date'],
        ['base.surname', 'jsonl.schema', 'base.surname: holds a control character (such as NUL or a tab)'],
      ],
    )
    const [leap] = await events(line({}, { dateOpened: '2024-02-29' }) + '\n')
    assert.equal(leap?.kind, 'record', 'the 29th of February of a leap year exists')
  })

  it('reads a file that starts with a byte-order mark as JSON Lines, its offsets counting the mark', async () => {
    let format: FurnishedFormat | undefined
    const all = []
    for await (const batch of readFurnishedFile(
      text('\uFEFF' + line() + '\n' + line() + '\n'),
      (f) => (format = f),
    ))
      all.push(...batch)
    assert.equal(format, 'jsonl')
    const records = all.filter((e) => e.kind === 'record')
    assert.equal(records.length, 2)
    assert.deepEqual(
      records.map((r) => r.position.offset),
      [0, 3 + Buffer.byteLength(line()) + 1],
    )
  })

  it('publishes its JSON Schema', () => {
    const s = jsonlJsonSchema() as { properties: Record<string, unknown>; additionalProperties: boolean }
    assert.ok('base' in s.properties && 'funders' in s.properties)
    assert.equal(s.additionalProperties, false)
  })
})

describe('JSON Lines ingestion', () => {
  let db: TestDb
  let furnishing: ReturnType<typeof createFurnishingModule>
  let reports: ReturnType<typeof createReportsModule>
  let members: ReturnType<typeof createMembersModule>
  before(async () => {
    db = await openTestDb()
    members = createMembersModule(db)
    await members.add({
      id: 'pay-platform',
      name: 'Pay Platform',
      kind: 'payment_platform',
      roles: ['furnisher'],
      metro2Ids: ['PAYPLAT01'],
    })
    const identity = createIdentityModule(db, generateSecrets())
    furnishing = createFurnishingModule(db, {
      identity,
      members,
      clock: () => new Date('2024-04-10T00:00:00Z'),
    })
    reports = createReportsModule(db.kysely, { identity })
  })
  after(() => db.dispose())

  it('applies a platform loan under a Chinese resident ID, with the funding banks on the tradeline', async () => {
    const r = (await furnishing.ingest.ingest({
      source: text(line() + '\n'),
      furnisher: 'pay-platform',
    })) as Extract<IngestResult, { status: 'applied' }>
    assert.equal(r.status, 'applied')
    assert.equal(r.counts.accepted, 1, JSON.stringify(r.issues))
    assert.ok(!r.issues.some((i) => i.rule === 'file.trailer_missing'), 'JSON Lines has no trailer to miss')
    const f = await reports.files.byNationalId('cn-rid', '11010519491231002X')
    assert.deepEqual(f.tradelines[0]?.extra, {
      funders: [
        { funder: 'bank-a', share: 0.7 },
        { funder: 'bank-b', share: 0.3 },
      ],
    })
    const dump = JSON.stringify((await sql`select * from tradelines`.execute(db.kysely)).rows)
    assert.ok(!dump.includes('11010519491231002X') && !dump.includes('WANG'))
  })

  it('refuses a JSON array as not JSON Lines, saying so, and records the file as rejected', async () => {
    const rejected = async () =>
      (
        await sql<{ n: number }>`
          select count(*)::int as n from batches where status = 'rejected' and format = 'jsonl'`.execute(
          db.kysely,
        )
      ).rows[0]!.n
    const before = await rejected()
    await assert.rejects(
      furnishing.ingest.ingest({ source: text(`\n [${line()}]\n`), furnisher: 'pay-platform' }),
      (e: unknown) =>
        e instanceof AppError &&
        e.code === 'unprocessable' &&
        /^a JSON array is not JSON Lines: .*one JSON object per line.* \(at byte offset 2\); nothing from this file was applied/.test(
          e.message,
        ),
    )
    assert.equal(await rejected(), before + 1)
  })

  it('moves the loan onto its new number when a line carries an L1, keeping its history', async () => {
    const april = { dateAccountInformation: '2024-04-09', paymentHistoryProfile: '000' + 'B'.repeat(21) }
    const r = (await furnishing.ingest.ingest({
      source: text(line({ l1: { changeIndicator: 1, newConsumerAccountNumber: 'LOAN-78' } }, april) + '\n'),
      furnisher: 'pay-platform',
    })) as Extract<IngestResult, { status: 'applied' }>
    assert.deepEqual([r.counts.accepted, r.counts.renumberedAccounts], [1, 1], JSON.stringify(r.issues))
    const f = await reports.files.byNationalId('cn-rid', '11010519491231002X')
    assert.deepEqual(
      f.tradelines.map((t) => t.accountNumber),
      ['****-78'],
      'one loan, shown masked, under the new number',
    )
    const months = await sql<{ n: number }>`select count(*)::int as n from tradeline_snapshots`.execute(
      db.kysely,
    )
    assert.equal(
      months.rows[0]!.n,
      2,
      'March under the old number and April under the new one, on one account',
    )
  })

  it("refuses records under another member's identification number, in JSON Lines as in Metro 2", async () => {
    await members.add({
      id: 'no-ids',
      name: 'No Ids',
      kind: 'fintech_lender',
      roles: ['furnisher'],
      metro2Ids: [],
    })
    const ingest = async (furnisher: string, identificationNumber: string, account: string) =>
      (await furnishing.ingest.ingest({
        source: text(line({}, { identificationNumber, consumerAccountNumber: account }) + '\n'),
        furnisher,
      })) as Extract<IngestResult, { status: 'applied' }>
    const stranger = await ingest('pay-platform', 'OTHER01', 'LOAN-90')
    assert.deepEqual([stranger.counts.accepted, stranger.counts.rejected], [0, 1])
    assert.deepEqual(
      stranger.issues.filter((i) => i.severity === 'error').map((i) => [i.rule, i.message]),
      [
        [
          'furnisher.identification_number',
          'Identification Number "OTHER01" is not registered to furnisher "pay-platform"',
        ],
      ],
    )
    const borrowed = await ingest('no-ids', 'PAYPLAT01', 'LOAN-91')
    assert.deepEqual([borrowed.counts.accepted, borrowed.counts.rejected], [0, 1])
    assert.deepEqual(
      borrowed.issues.map((i) => [i.rule, i.message]),
      [
        [
          'furnisher.identification_number',
          'Identification Number "PAYPLAT01" is registered to another member, not to "no-ids"',
        ],
      ],
    )
    const unregistered = await ingest('no-ids', 'NOIDS01', 'LOAN-92')
    assert.deepEqual(
      [unregistered.counts.accepted, unregistered.counts.rejected],
      [1, 0],
      JSON.stringify(unregistered.issues),
    )
    const stored = await sql<{ n: number }>`
      select count(*)::int as n from account_index where furnisher_id = 'no-ids'`.execute(db.kysely)
    assert.equal(stored.rows[0]!.n, 1, 'only the record under a number of its own was stored')
  })
})
