// A refused report and a report on no one take the same least time: the refusal floor. Asserted as a lower bound
// (a sleep guarantees it), never as a speed.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { AppError } from '../platform/errors.ts'
import { createReportsModule } from './index.ts'
import { withRefusalFloor } from './refusal-floor.ts'
import { openReportFixture, SSN, type ReportFixture } from './report.fixture.ts'

const FLOOR = 120

async function timed(work: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const began = performance.now()
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  )
  return { ms: performance.now() - began, error }
}

describe('withRefusalFloor', () => {
  it('holds a not_found back to the floor, and lets an answer or any other error through at once', async () => {
    const missing = await timed(() =>
      withRefusalFloor(FLOOR, () => Promise.reject(new AppError('not_found', 'x'))),
    )
    assert.ok(missing.error instanceof AppError && missing.error.code === 'not_found')
    assert.ok(missing.ms >= FLOOR, `held ${missing.ms} ms`)
    const answered = await timed(() => withRefusalFloor(60_000, () => Promise.resolve(1)))
    assert.equal(answered.error, undefined)
    assert.ok(answered.ms < 60_000)
    const invalid = await timed(() =>
      withRefusalFloor(60_000, () => Promise.reject(new AppError('invalid_input', 'x'))),
    )
    assert.ok(invalid.error instanceof AppError && invalid.error.code === 'invalid_input')
    assert.ok(invalid.ms < 60_000)
  })
})

describe('report refusals over the floor', () => {
  let f: ReportFixture
  before(async () => {
    f = await openReportFixture()
  })
  after(() => f.dispose())

  it('answers a consumer on file but refused, and one not on file, no sooner than the floor, alike', async () => {
    const { reports } = createReportsModule(f.db, { ...f.reportDeps, refusalFloorMs: FLOOR })
    const ask = (ssn: string) =>
      timed(() =>
        reports.request(f.principals.bankB, {
          nationalId: { type: 'us-ssn', value: ssn },
          purpose: 'employment',
        }),
      )
    // Employment needs the consumer's consent under US-FCRA: Alice is on file and refused; nobody is no one.
    for (const ssn of [SSN.alice, SSN.nobody]) {
      const r = await ask(ssn)
      assert.ok(r.error instanceof AppError && r.error.code === 'not_found', ssn)
      assert.ok(r.ms >= FLOOR, `${ssn} answered after ${r.ms} ms`)
    }
  })

  // Found by probing: a key revoked while a server still held it in its key cache was answered 401 on a consumer
  // on file and 404 on no one, which told the holder of a revoked key who is on file.
  it('answers a revoked key 401 whether or not the consumer is on file, no sooner than the floor, and records why', async () => {
    const { reports } = createReportsModule(f.db, { ...f.reportDeps, refusalFloorMs: FLOOR })
    const revokedKey = { ...f.principals.bankB, keyId: randomUUID() }
    for (const ssn of [SSN.alice, SSN.nobody]) {
      const r = await timed(() =>
        reports.request(revokedKey, { nationalId: { type: 'us-ssn', value: ssn }, purpose: 'tenancy' }),
      )
      assert.ok(
        r.error instanceof AppError && r.error.code === 'unauthenticated',
        `${ssn}: ${String(r.error)}`,
      )
      // As the authentication hook answers any token that is no live key (platform/http/authentication.ts).
      assert.equal(r.error.message, 'the key or session token is not valid')
      assert.ok(r.ms >= FLOOR, `${ssn} answered after ${r.ms} ms`)
    }
    const why = `API key ${revokedKey.keyId} of member bank-b is revoked`
    const refusedFor = (await f.events('report.refused'))
      .filter((e) => e.reason === why)
      .map((e) => e.consumerKey)
    assert.deepEqual(refusedFor.sort(), [f.consumers.alice, null].sort())
  })
})
