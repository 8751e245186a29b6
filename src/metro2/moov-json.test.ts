import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { AppError } from '../platform/errors.ts'
import { fromMoovJson, toMoovJson, writeMetro2 } from './index.ts'
import { DATA_DIR, readAll, recordWithoutDescriptors, withoutDescriptors } from './testing.ts'

const golden = () =>
  JSON.parse(readFileSync(DATA_DIR + 'unpacked_fixed_file.json', 'utf8')) as Record<string, unknown>

describe('moov JSON', () => {
  it('writes moov’s document back to a file that reads as the same data and trailer', () => {
    const file = fromMoovJson(golden())
    const back = readAll(writeMetro2(file, { format: 'fixed' })).file
    assert.deepEqual(back.data.map(recordWithoutDescriptors), file.data.map(recordWithoutDescriptors))
    assert.deepEqual(withoutDescriptors(back.trailer!), withoutDescriptors(file.trailer!))
    assert.deepEqual(withoutDescriptors(back.header!), withoutDescriptors(file.header!))
  })

  it('fills what moov leaves out (omitempty) with blanks, zeros and nulls', () => {
    const file = fromMoovJson(golden())
    const base = file.data[0]!.base
    assert.equal(base.creditLimit, 0)
    assert.equal(base.cycleIdentifier, '')
    assert.equal(base.correctionIndicator, 0)
    assert.equal(file.data[0]!.k3?.agencyIdentifier, 0)
    assert.equal(file.data[0]!.k1, undefined)
  })

  it('writes an absent date as Go’s zero time, as moov does, and reads it back as null', () => {
    const file = fromMoovJson(golden())
    file.data[0]!.base.dateClosed = null
    const json = toMoovJson(file) as { data: { base: Record<string, unknown> }[] }
    assert.equal(json.data[0]!.base.dateClosed, '0001-01-01T00:00:00Z')
    assert.equal(fromMoovJson(json).data[0]!.base.dateClosed, null)
  })

  it('accepts moov’s JSON name of the L1 new identification number ("balloonPaymentDueDate")', () => {
    const json = golden()
    const record = (json.data as Record<string, Record<string, unknown>>[])[0]!
    record.l1 = { segmentIdentifier: 'L1', changeIndicator: 2, balloonPaymentDueDate: 'NEWID' }
    assert.equal(fromMoovJson(json).data[0]!.l1?.newIdentificationNumber, 'NEWID')
  })

  it('writes the L1 new identification number under moov’s name, and reads it under either name', () => {
    const json = golden()
    const record = (json.data as Record<string, Record<string, unknown>>[])[0]!
    record.l1 = { segmentIdentifier: 'L1', changeIndicator: 2, balloonPaymentDueDate: 'NEWID' }
    const out = toMoovJson(fromMoovJson(json)) as { data: Record<string, Record<string, unknown>>[] }
    assert.deepEqual(out.data[0]!.l1, record.l1)
    record.l1 = { segmentIdentifier: 'L1', changeIndicator: 2, newIdentificationNumber: 'OLDNAME' }
    assert.equal(fromMoovJson(json).data[0]!.l1?.newIdentificationNumber, 'OLDNAME')
    record.l1 = {
      segmentIdentifier: 'L1',
      changeIndicator: 2,
      newIdentificationNumber: 'A',
      balloonPaymentDueDate: 'B',
    }
    assert.throws(
      () => fromMoovJson(json),
      /data\.0\.l1\.balloonPaymentDueDate: two new identification numbers/,
    )
  })

  it('refuses required fields that are missing, null, blank or Go’s zero time, naming each path', () => {
    const json = golden()
    const record = (json.data as Record<string, Record<string, unknown>>[])[0]!
    const base = record.base!
    delete base.surname
    base.dateOpened = null
    base.identificationNumber = ''
    base.accountStatus = '  '
    base.dateAccountInformation = '0001-01-01T00:00:00Z'
    delete (record.j2 as unknown as Record<string, unknown>[])[0]!.city
    delete (json.header as Record<string, unknown>).reporterName
    delete (json.trailer as Record<string, unknown>).blockCount
    const paths = [
      'header.reporterName',
      'data.0.base.identificationNumber',
      'data.0.base.dateOpened',
      'data.0.base.accountStatus',
      'data.0.base.dateAccountInformation',
      'data.0.base.surname',
      'data.0.j2.0.city',
    ]
    assert.throws(
      () => fromMoovJson(json),
      (e: unknown) => {
        assert.ok(e instanceof AppError && e.code === 'invalid_input')
        assert.deepEqual(
          e.details,
          paths.map((p) => `${p}: required`),
        )
        return true
      },
    )
  })

  // Found by probing: from-json refused this K2 ("purchasedName: required") and the writer's trailer left it out.
  it('takes a K2 that removes the K2 reported before (indicator 9) with a blank name, and counts it', () => {
    const json = golden()
    const record = (json.data as Record<string, Record<string, unknown>>[])[0]!
    record.k2 = { segmentIdentifier: 'K2', purchasedIndicator: 9, purchasedName: '' }
    const file = fromMoovJson(json)
    assert.deepEqual(file.data[0]!.k2, { segmentIdentifier: 'K2', purchasedIndicator: 9, purchasedName: '' })
    const back = readAll(writeMetro2(file, { format: 'fixed' })).file
    assert.deepEqual(back.data[0]!.k2, file.data[0]!.k2)
    assert.equal(back.trailer?.totalPurchasedToSegments, 1)
    assert.deepEqual(fromMoovJson(toMoovJson(back)).data[0]!.k2, file.data[0]!.k2)
  })

  it('still requires the K2 name with indicators 1 (purchased from) and 2 (sold to)', () => {
    const json = golden()
    const record = (json.data as Record<string, Record<string, unknown>>[])[0]!
    record.k2 = { segmentIdentifier: 'K2', purchasedIndicator: 2, purchasedName: ' ' }
    assert.throws(
      () => fromMoovJson(json),
      (e: unknown) => {
        assert.ok(e instanceof AppError && e.code === 'invalid_input')
        assert.deepEqual(e.details, ['data.0.k2.purchasedName: required'])
        return true
      },
    )
  })

  it('refuses text that is not printable ASCII, naming the field and the character', () => {
    const json = golden()
    const base = (json.data as { base: Record<string, unknown> }[])[0]!.base
    Object.assign(base, { surname: 'MÜLLER', firstName: 'Zoë' })
    assert.throws(
      () => fromMoovJson(json),
      /data\.0\.base\.surname: character 'Ü' \(U\+00DC\).*data\.0\.base\.firstName: character 'ë' \(U\+00EB\)/,
    )
  })

  it('names every bad path on one line', () => {
    const json = golden()
    const base = (json.data as { base: Record<string, unknown> }[])[0]!.base
    Object.assign(base, {
      creditLimit: -5,
      surname: 'X'.repeat(26),
      dateOpened: '2020-02-30T00:00:00Z',
      merchant: 'ACME',
    })
    assert.throws(
      () => fromMoovJson(json),
      (e: unknown) => {
        assert.ok(e instanceof AppError && e.code === 'invalid_input')
        assert.ok(!e.message.includes('\n'))
        for (const path of [
          'data.0.base.creditLimit',
          'data.0.base.surname',
          'data.0.base.dateOpened',
          'merchant',
        ]) {
          assert.ok(e.message.includes(path), `${path} in ${e.message}`)
        }
        return true
      },
    )
    assert.throws(() => fromMoovJson({ header: {} }), /data: /)
    assert.throws(() => fromMoovJson('nope'), AppError)
  })
})
