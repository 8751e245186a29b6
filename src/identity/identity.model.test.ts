import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import {
  addressValue,
  compactText,
  decodeAddress,
  decodeName,
  demographicProblems,
  matchKey,
  matchPostcode,
  nameValue,
  normaliseBirthDate,
  normalisePhone,
  normaliseText,
} from './identity.model.ts'

describe('normalisation', () => {
  it('upper-cases names and addresses, turns punctuation into spaces and collapses them', () => {
    assert.equal(normaliseText("  o'Brien-smith,  jr. "), 'O BRIEN SMITH JR')
    assert.equal(normaliseText('123 Main St., Apt #5'), '123 MAIN ST APT 5')
    assert.equal(normaliseText('ＳＭＩＴＨ'), 'SMITH')
    assert.equal(normaliseText('Kovács'), 'KOVÁCS')
  })

  it('compacts names for the match key: no spaces, no diacritics', () => {
    assert.equal(compactText("O'Brien"), compactText('OBRIEN'))
    assert.equal(compactText('van der Berg'), 'VANDERBERG')
    assert.equal(compactText('Kovács Éva'), 'KOVACSEVA')
    assert.equal(compactText('王小明'), '王小明')
  })

  it('keeps ISO dates that exist and nothing else', () => {
    assert.equal(normaliseBirthDate('1980-02-29'), '1980-02-29')
    assert.equal(normaliseBirthDate('1981-02-29'), undefined)
    assert.equal(normaliseBirthDate('02/01/1980'), undefined)
    assert.equal(normaliseBirthDate('19800201'), undefined)
  })

  it('keeps the digits of a phone number; zero fill is no number', () => {
    assert.equal(normalisePhone('(555) 123-4567'), '5551234567')
    assert.equal(normalisePhone('0000000000'), '')
    assert.equal(normalisePhone(''), '')
  })

  it('cuts a US ZIP+4 to the ZIP for matching, and leaves other postcodes whole', () => {
    assert.equal(matchPostcode('12345-6789', ''), '12345')
    assert.equal(matchPostcode('123456789', 'US'), '12345')
    assert.equal(matchPostcode('1051', 'HU'), '1051')
    assert.equal(matchPostcode('sw1a 1aa', 'GB'), 'SW1A1AA')
    assert.equal(matchPostcode('00000', ''), '')
  })
})

describe('matchKey', () => {
  const key = randomBytes(32)
  const base = { surname: "O'Brien", firstName: 'Mary', birthDate: '1970-01-31', postcode: '02139' }

  it('is equal for spellings that differ only in case, punctuation, spaces and ZIP+4', () => {
    const a = matchKey(key, base)!
    assert.deepEqual(
      matchKey(key, { ...base, surname: 'OBRIEN', firstName: ' mary ', postcode: '02139-4307' }),
      a,
    )
  })

  it('differs for another person, another key, and is missing when a part is missing', () => {
    const a = matchKey(key, base)!
    assert.notDeepEqual(matchKey(key, { ...base, birthDate: '1970-01-30' }), a)
    assert.notDeepEqual(matchKey(randomBytes(32), base), a)
    assert.equal(matchKey(key, { ...base, postcode: '' }), undefined)
    assert.equal(matchKey(key, { ...base, firstName: '--' }), undefined)
    assert.equal(matchKey(key, { ...base, birthDate: '1970-02-30' }), undefined)
  })

  it('names each part that normalises to nothing, and none when there is a key', () => {
    assert.deepEqual(demographicProblems(base), [])
    assert.deepEqual(demographicProblems({ ...base, postcode: '😀' }), ['postcode: has no letters or digits'])
    assert.deepEqual(demographicProblems({ ...base, surname: '---', birthDate: '1970-02-30' }), [
      'surname: has no letters or digits',
      'birthDate: expected a real date as YYYY-MM-DD',
    ])
    for (const q of [
      { ...base, firstName: '😀' },
      { ...base, postcode: '00000' },
    ]) {
      assert.equal(matchKey(key, q), undefined)
      assert.equal(demographicProblems(q).length, 1)
    }
  })
})

describe('PII values', () => {
  it('keeps the name as furnished and hashes its normal form', () => {
    const v = nameValue({ surname: ' Smith ', firstName: 'John', middleName: 'Q.', generation: 'Jr' })!
    assert.equal(v.normalised, 'SMITH|JOHN|Q|JR')
    assert.deepEqual(decodeName(v.plaintext), {
      surname: 'Smith',
      firstName: 'John',
      middleName: 'Q.',
      generation: 'Jr',
    })
    assert.equal(nameValue({ surname: ' ', firstName: '' }), undefined)
  })

  it('keeps the address as furnished and drops an empty one', () => {
    const a = {
      line1: '1 Main St.',
      line2: '',
      city: 'Springfield',
      state: 'IL',
      postcode: '62701',
      country: 'US',
    }
    const v = addressValue(a)!
    assert.equal(v.normalised, '1 MAIN ST||SPRINGFIELD|IL|62701|US')
    assert.deepEqual(decodeAddress(v.plaintext), a)
    assert.equal(
      addressValue({ line1: '', line2: '', city: ' ', state: '', postcode: '', country: '' }),
      undefined,
    )
  })
})
