import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hiddenTraits, synthConsumer } from './population.ts'
import { isValidSsn } from './ssnForIndex.ts'

const US_STATES = new Set(
  (
    'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND ' +
    'OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'
  ).split(' '),
)

describe('synthConsumer', () => {
  const consumers = Array.from({ length: 4000 }, (_, i) => synthConsumer(11, i))

  it('builds identities that fit the Metro 2 base segment fields', () => {
    for (const { identity: p } of consumers) {
      assert.ok(p.surname.length > 0 && p.surname.length <= 25)
      assert.ok(p.firstName.length > 0 && p.firstName.length <= 20)
      assert.ok(p.middleName.length <= 20)
      assert.ok(p.address.firstLine.length <= 32 && p.address.secondLine.length <= 32)
      assert.ok(p.address.city.length <= 20)
      assert.ok(US_STATES.has(p.address.state), p.address.state)
      assert.match(p.address.zipCode, /^\d{5}$/)
      assert.match(p.dateBirth, /^(19[4-9]\d|200[0-5])-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
      assert.ok(!Number.isNaN(Date.parse(p.dateBirth)))
      // NANP area code (2-9 first digit) and the fictional 555-01xx line numbers.
      assert.match(String(p.telephoneNumber), /^[2-9]\d{2}55501\d{2}$/)
      assert.ok(isValidSsn(p.socialSecurityNumber))
    }
  })

  it('gives every consumer a different SSN', () => {
    assert.equal(new Set(consumers.map((c) => c.identity.socialSecurityNumber)).size, consumers.length)
  })

  it('spreads birth years over 1940-2005 and names over the lists', () => {
    const years = consumers.map((c) => Number(c.identity.dateBirth.slice(0, 4)))
    assert.ok(Math.min(...years) <= 1945 && Math.max(...years) >= 2000)
    assert.ok(new Set(consumers.map((c) => c.identity.surname)).size > 100)
    assert.ok(new Set(consumers.map((c) => c.identity.address.state)).size > 40)
  })

  it('houses couples together, with correlated risk, and leaves singles apart', () => {
    const couples = consumers.filter((c) => c.partner !== undefined && c.primary)
    assert.ok(couples.length > 700 && couples.length < 1100, String(couples.length))
    for (const c of couples) {
      const partner = consumers[c.partner!]!
      assert.equal(partner.partner, c.index)
      assert.equal(partner.primary, false)
      assert.deepEqual(partner.identity.address, c.identity.address)
      assert.equal(partner.identity.residenceCode, c.identity.residenceCode)
    }
    const xs = couples.map((c) => c.traits.latentRisk)
    const ys = couples.map((c) => consumers[c.partner!]!.traits.latentRisk)
    assert.ok(pearson(xs, ys) > 0.3)
  })

  it('draws latent risk from a standard normal and income bands in every fifth', () => {
    const z = consumers.map((c) => c.traits.latentRisk)
    const mean = z.reduce((a, b) => a + b, 0) / z.length
    const sd = Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length)
    assert.ok(Math.abs(mean) < 0.06 && Math.abs(sd - 1) < 0.06)
    for (const band of [1, 2, 3, 4, 5]) {
      const share = consumers.filter((c) => c.traits.incomeBand === band).length / consumers.length
      assert.ok(share > 0.1 && share < 0.3, `band ${band}: ${share}`)
    }
    // Income falls with risk.
    assert.ok(
      pearson(
        z,
        consumers.map((c) => c.traits.incomeBand),
      ) < -0.1,
    )
  })

  it('exposes the same hidden traits by index alone', () => {
    for (const i of [0, 1, 2, 3, 1001, 3999]) assert.deepEqual(hiddenTraits(11, i), consumers[i]!.traits)
  })

  it('depends on the seed', () => {
    assert.notDeepEqual(synthConsumer(12, 5).identity, consumers[5]!.identity)
    assert.deepEqual(synthConsumer(11, 5), consumers[5])
  })
})

function pearson(xs: number[], ys: number[]): number {
  const n = xs.length
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my)
    sxx += (xs[i]! - mx) ** 2
    syy += (ys[i]! - my) ** 2
  }
  return sxy / Math.sqrt(sxx * syy)
}
