// Consumption and contact data named as such (DESIGN.md principle 1), found in the property names that a probe
// showed passing as mere unknown properties: plurals in "-es", words run together, social and messaging handles,
// and fullwidth forms, which NFKC folds to the word they show. No name of the format itself is ever flagged.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { events, line } from './jsonl.fixture.ts'
import { formatPropertyNames, hasNotCreditWord, isConsumptionField } from './jsonl.not-credit.ts'

const rulesOf = async (over: Record<string, unknown>) => {
  const [e] = await events(line(over) + '\n')
  return (e?.issues ?? []).map((i) => `${i.rule} ${i.field}`)
}

describe('JSON Lines not-credit names', () => {
  it('refuses plurals, compounds, handles and fullwidth names as not credit data', async () => {
    const names = [
      'addresses',
      'shippingAddresses',
      'cellphone',
      'telephone',
      'shippingAddr',
      'goods',
      'payee',
      'spendCategory',
      'twitterHandle',
      'wechatId',
      'ＭＥＲＣＨＡＮＴ',
      'delivery_address',
      'faxNumbers',
    ]
    const got = await rulesOf(Object.fromEntries(names.map((n) => [n, 'x'])))
    assert.deepEqual(got.sort(), names.map((n) => `jsonl.not_credit_data ${n}`).sort())
  })

  it('refuses names written as one word, in lower or upper case, as not credit data', async () => {
    const names = [
      'merchantname',
      'phonenumber',
      'emailaddress',
      'MERCHANTID',
      'homeaddress',
      'storeid',
      'basketid',
      'itemlist',
      'contactinfo',
      'userlocation',
    ]
    const got = await rulesOf(Object.fromEntries(names.map((n) => [n, 'x'])))
    assert.deepEqual(got.sort(), names.map((n) => `jsonl.not_credit_data ${n}`).sort())
  })

  it('leaves a word that merely holds a non-credit one, or a known name in other case, an unknown property', async () => {
    const names = [
      'allocation',
      'paymentallocation',
      'automobile',
      'border',
      'suspended',
      'restored',
      'telephonenumber',
      'FIRST_LINE_ADDRESS',
      'addressindicator',
      'zipcode',
      'countrycode',
      'residencecode',
      'purchasedname',
    ]
    const got = await rulesOf(Object.fromEntries(names.map((n) => [n, 'x'])))
    assert.deepEqual(got.sort(), names.map((n) => `jsonl.unknown_property ${n}`).sort())
  })

  it('flags no property name of the format, though Metro 2 has address and telephone fields', () => {
    const names = [...formatPropertyNames()]
    assert.ok(names.length > 70 && names.includes('consumerAccountNumber'), names.join())
    assert.deepEqual(
      names.filter((n) => isConsumptionField(n)),
      [],
    )
    assert.deepEqual(names.filter(hasNotCreditWord).sort(), [
      'addressIndicator',
      'firstLineAddress',
      'secondLineAddress',
      'telephoneNumber',
    ])
  })

  it('calls a credit field in the wrong place, or misspelt, an unknown property', async () => {
    assert.deepEqual(
      await rulesOf({ telephoneNumber: 1, ｆｉｒｓｔＬｉｎｅＡｄｄｒｅｓｓ: 'x', orderly: 1, balances: 1 }),
      [
        'jsonl.unknown_property telephoneNumber',
        'jsonl.unknown_property ｆｉｒｓｔＬｉｎｅＡｄｄｒｅｓｓ',
        'jsonl.unknown_property orderly',
        'jsonl.unknown_property balances',
      ],
    )
  })
})
