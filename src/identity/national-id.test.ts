import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import {
  birthDateContradicts,
  huTaxBirthDate,
  nationalIdBirthDate,
  nationalIdToken,
  parseNationalId,
  type NationalIdProblem,
} from './national-id.ts'

const accepts = (type: string, raw: string, normalised: string) =>
  assert.deepEqual(parseNationalId(type, raw), { ok: true, type, normalised }, `${type} ${raw}`)

const refuses = (type: string, raw: string, reason: NationalIdProblem) => {
  const r = parseNationalId(type, raw)
  assert.equal(r.ok, false, `${type} ${raw} should be refused`)
  if (!r.ok) {
    assert.equal(r.reason, reason, `${type} ${raw}: ${r.message}`)
    assert.ok(r.message.length > 10)
  }
}

// GB 11643-1999 table: weights of positions 1..17, and the check character for each sum mod 11.
const GB_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const GB_CHECK = '10X98765432'
const withGbCheck = (first17: string) =>
  first17 + GB_CHECK[GB_WEIGHTS.reduce((s, w, i) => s + w * Number(first17[i]), 0) % 11]

// Act XX of 1996: 8, days since 1867-01-01, a 3-digit sequence, check = sum(d_i * i) mod 11.
const huTax = (birth: string, seq: string) => {
  const days = (Date.parse(`${birth}T00:00:00Z`) - Date.parse('1867-01-01T00:00:00Z')) / 86_400_000
  const first9 = `8${String(days).padStart(5, '0')}${seq}`
  const sum = [...first9].reduce((s, d, i) => s + Number(d) * (i + 1), 0)
  return { first9, check: sum % 11 }
}

describe('parseNationalId: us-ssn', () => {
  it('accepts issuable numbers written with dashes, spaces or neither, and keeps 9 digits', () => {
    accepts('us-ssn', '001-01-0001', '001010001')
    accepts('us-ssn', '665 99 9999', '665999999')
    accepts('us-ssn', ' 667123456 ', '667123456')
    accepts('us-ssn', '899-45-6789', '899456789')
  })

  it('refuses each SSA rule on its own', () => {
    refuses('us-ssn', '000-12-3456', 'area')
    refuses('us-ssn', '666-12-3456', 'area')
    refuses('us-ssn', '900-12-3456', 'area')
    refuses('us-ssn', '999-12-3456', 'area')
    refuses('us-ssn', '123-00-4567', 'group')
    refuses('us-ssn', '123-45-0000', 'serial')
  })

  it('accepts ITINs, furnished in the SSN field: area 9xx, group 50-65, 70-88, 90-92 or 94-99 (IRS)', () => {
    for (const group of ['50', '65', '70', '88', '90', '92', '94', '99'])
      accepts('us-ssn', `912-${group}-3456`, `912${group}3456`)
    accepts('us-ssn', '900 70 0001', '900700001')
    accepts('us-ssn', '999-88-1234', '999881234')
  })

  it('refuses the other 9xx numbers as never issued, with the SSN area message', () => {
    for (const group of ['01', '49', '66', '69', '89', '93']) refuses('us-ssn', `912-${group}-3456`, 'area')
    const r = parseNationalId('us-ssn', '900-12-3456')
    assert.equal(
      !r.ok && r.message,
      'the SSN area (its first three digits) is never issued: 000, 666 and 900-999',
    )
  })

  it('refuses the numbers made public in advertising', () => {
    refuses('us-ssn', '078-05-1120', 'reserved')
    refuses('us-ssn', '219099999', 'reserved')
    refuses('us-ssn', '457-55-5462', 'reserved')
    // 987-65-4320 to 4329 (SSA): inside ITIN group 65, but reserved for advertising.
    for (const last of ['0', '2', '9']) refuses('us-ssn', `987-65-432${last}`, 'reserved')
    accepts('us-ssn', '987-65-4330', '987654330')
  })

  it('refuses placeholders: nine equal digits and the digits in order', () => {
    for (const raw of [
      '111-11-1111',
      '222222222',
      '555 55 5555',
      '888888888',
      '123-45-6789',
      '１２３４５６７８９',
    ])
      refuses('us-ssn', raw, 'placeholder')
    refuses('us-ssn', '987654321', 'placeholder')
    refuses('us-ssn', '999-99-9999', 'placeholder')
    accepts('us-ssn', '123-45-6788', '123456788')
    accepts('us-ssn', '111-11-1112', '111111112')
  })

  it('refuses what is not 9 digits in the 3-2-4 layout', () => {
    for (const raw of [
      '12345678',
      '1234567890',
      '123-456-789',
      '12-345-6789',
      'abc-de-fghi',
      '123--45-6789',
      '',
    ])
      refuses('us-ssn', raw, 'format')
  })
})

describe('parseNationalId: cn-rid', () => {
  it('accepts the GB 11643-1999 example, with X as the check character', () => {
    accepts('cn-rid', '11010519491231002X', '11010519491231002X')
    accepts('cn-rid', '11010519491231002x', '11010519491231002X')
  })

  it('accepts numbers built from the standard, an X check character among them', () => {
    // The last digit has weight 2: its ten values give ten different check characters.
    const sequence = Array.from({ length: 10 }, (_, d) => withGbCheck(`4403081990010100${d}`))
    assert.equal(new Set(sequence.map((n) => n[17])).size, 10)
    const others = ['51010720000229123', '65010119851111456', '81000019700101002', '83000019880808010'].map(
      withGbCheck,
    )
    assert.ok(sequence.some((n) => n.endsWith('X')))
    for (const n of [...sequence, ...others]) accepts('cn-rid', n, n)
  })

  it('refuses a wrong check character and any single changed digit', () => {
    refuses('cn-rid', '110105194912310021', 'checkDigit')
    refuses('cn-rid', '11010519491231003X', 'checkDigit')
    refuses('cn-rid', '11010519491221002X', 'checkDigit')
  })

  it('refuses a birth date that is not a date, even with a right check character', () => {
    refuses('cn-rid', withGbCheck('44030819900230001'), 'birthDate')
    refuses('cn-rid', withGbCheck('44030819901301001'), 'birthDate')
    refuses('cn-rid', withGbCheck('44030817000101001'), 'birthDate')
    accepts('cn-rid', withGbCheck('44030820000229001'), withGbCheck('44030820000229001'))
  })

  it('refuses a birth date in the future', () => {
    refuses('cn-rid', withGbCheck('11010529991231002'), 'birthDate')
    assert.equal(parseNationalId('cn-rid', withGbCheck('11010529991231002'), '2999-12-31').ok, true)
  })

  it('takes full-width digits, letters and hyphens as the same number (NFKC)', () => {
    accepts('cn-rid', '１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X')
    accepts('us-ssn', '１２３－４５－６７８０', '123456780')
    accepts('hu-tax', '８０７１５９２１５３', '8071592153')
  })

  it('never repeats digits of the number in a refusal, which is logged and stored', () => {
    for (const [type, raw, part] of [
      ['us-ssn', '974-12-3456', '974'],
      ['cn-rid', withGbCheck('99030819900101001'), '990308'],
      ['cn-rid', withGbCheck('44030819901301001'), '19901301'],
    ] as const) {
      const r = parseNationalId(type, raw)
      assert.equal(r.ok, false)
      if (!r.ok) assert.equal(r.message.includes(part), false, r.message)
    }
  })

  it('refuses a region code outside the provinces of GB/T 2260', () => {
    refuses('cn-rid', withGbCheck('99030819900101001'), 'region')
    refuses('cn-rid', withGbCheck('00000019900101001'), 'region')
  })

  it('refuses other lengths and letters inside', () => {
    for (const raw of ['110105491231002', '1101051949123100', '1101051949123100X2', '11010519491231X02X'])
      refuses('cn-rid', raw, 'format')
  })
})

describe('parseNationalId: hu-tax', () => {
  it('accepts published examples and numbers built from the rules', () => {
    accepts('hu-tax', '8071592153', '8071592153')
    accepts('hu-tax', '8000000008', '8000000008')
    for (const [birth, seq] of [
      ['1980-05-17', '123'],
      ['1867-01-01', '001'],
      ['2001-12-31', '999'],
    ] as const) {
      const { first9, check } = huTax(birth, seq)
      assert.notEqual(check, 10, 'pick a sequence number that is issued')
      accepts('hu-tax', `${first9}${check}`, `${first9}${check}`)
      assert.equal(huTaxBirthDate(`${first9}${check}`), birth)
    }
  })

  it('refuses a birth date in the future', () => {
    const { first9, check } = huTax('2140-10-15', '000')
    assert.notEqual(check, 10)
    refuses('hu-tax', `${first9}${check}`, 'birthDate')
    assert.equal(
      parseNationalId('hu-tax', `${first9}${check}`, '2140-10-15').ok,
      true,
      'on that day, no longer',
    )
  })

  it('refuses a wrong check digit', () => {
    refuses('hu-tax', '8071592154', 'checkDigit')
    refuses('hu-tax', '8071592163', 'checkDigit')
  })

  it('refuses every number whose weighted sum leaves 10, whatever its last digit', () => {
    const seq = ['000', '001', '002', '003', '004', '005', '006', '007', '008', '009', '010'].find(
      (s) => huTax('1975-03-03', s).check === 10,
    )!
    const { first9 } = huTax('1975-03-03', seq)
    for (let d = 0; d <= 9; d++) refuses('hu-tax', `${first9}${d}`, 'checkDigit')
  })

  it('refuses numbers that do not start with 8 or are not 10 digits', () => {
    refuses('hu-tax', '7071592153', 'format')
    refuses('hu-tax', '807159215', 'format')
    refuses('hu-tax', '80715921530', 'format')
    refuses('hu-tax', '80715921a3', 'format')
  })
})

describe('parseNationalId: types', () => {
  it('refuses an unknown type by naming the known ones', () => {
    const r = parseNationalId('de-steuer-id', '12345678901')
    assert.equal(r.ok, false)
    if (!r.ok) assert.match(r.message, /us-ssn, cn-rid, hu-tax/)
  })
})

describe('nationalIdToken', () => {
  const key = randomBytes(32)

  it('is deterministic for one key, type and number', () => {
    assert.deepEqual(
      nationalIdToken(key, 'us-ssn', '123456789'),
      nationalIdToken(Buffer.from(key), 'us-ssn', '123456789'),
    )
    assert.equal(nationalIdToken(key, 'us-ssn', '123456789').length, 32)
  })

  it('differs across keys, types and numbers', () => {
    const t = nationalIdToken(key, 'us-ssn', '123456789').toString('hex')
    assert.notEqual(nationalIdToken(randomBytes(32), 'us-ssn', '123456789').toString('hex'), t)
    assert.notEqual(nationalIdToken(key, 'hu-tax', '123456789').toString('hex'), t)
    assert.notEqual(nationalIdToken(key, 'us-ssn', '123456780').toString('hex'), t)
  })

  it('does not contain the number', () => {
    const t = nationalIdToken(key, 'us-ssn', '123456789')
    assert.equal(t.includes(Buffer.from('123456789')), false)
  })
})

describe('the birth date a national ID encodes', () => {
  const hu = huTax('1980-01-01', '123')
  const huNumber = hu.check === 10 ? undefined : `${hu.first9}${hu.check}`

  it('reads it from a cn-rid (digits 7-14) and a hu-tax number (days since 1867-01-01); a us-ssn has none', () => {
    assert.equal(nationalIdBirthDate({ type: 'cn-rid', normalised: '11010519491231002X' }), '1949-12-31')
    assert.ok(huNumber, 'a hu-tax number for 1980-01-01')
    assert.equal(nationalIdBirthDate({ type: 'hu-tax', normalised: huNumber }), '1980-01-01')
    assert.equal(nationalIdBirthDate({ type: 'us-ssn', normalised: '123456780' }), undefined)
  })

  it('is contradicted only by another birth date given', () => {
    const rid = { type: 'cn-rid', normalised: '11010519491231002X' } as const
    assert.equal(birthDateContradicts(rid, '1980-01-01'), true)
    assert.equal(birthDateContradicts(rid, '1949-12-31'), false)
    assert.equal(birthDateContradicts(rid, null), false, 'none given: nothing to contradict')
    assert.equal(birthDateContradicts({ type: 'hu-tax', normalised: huNumber! }, '1980-01-02'), true)
    assert.equal(birthDateContradicts({ type: 'us-ssn', normalised: '123456780' }, '1980-01-01'), false)
  })
})
