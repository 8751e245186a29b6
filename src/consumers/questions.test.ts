import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import type { Question } from './consumers.model.ts'
import { BALANCE_RANGES, buildQuestions, type QuestionInput } from './questions.ts'

const LENDERS = ['Alpha Bank', 'Beta Credit', 'Gamma Finance', 'Delta Savings', 'Epsilon Loans', 'Zeta Power']
const seeded =
  (seed: string) =>
  (label: string): number =>
    createHash('sha256').update(`${seed}:${label}`).digest().readUInt32BE(0)

const input = (over: Partial<QuestionInput> = {}): QuestionInput => ({
  account: { lender: 'Alpha Bank', yearOpened: 2021, balance: 1200 },
  ownLenders: ['Alpha Bank', 'Beta Credit'],
  lenders: LENDERS,
  currentYear: 2024,
  draw: seeded('one'),
  ...over,
})

/** What a caller can see of the questions without knowing any answer: ids, texts and choice ids. */
const shape = (qs: Question[]) => qs.map((q) => [q.id, q.text, q.choices.map((c) => c.id)])
const texts = (q: Question | undefined) => q!.choices.map((c) => c.text)
const textOf = (q: Question | undefined, id: string) => q!.choices.find((c) => c.id === id)?.text

describe('buildQuestions', () => {
  it('asks about the most recent account: the right lender, year and balance range are the right choices', () => {
    for (const seed of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const { questions, answers } = buildQuestions(input({ draw: seeded(seed) }))
      const [lender, year, balance] = questions
      assert.equal(textOf(lender, answers.lender), 'Alpha Bank')
      assert.equal(textOf(year, answers.yearOpened), '2021')
      assert.equal(textOf(balance, answers.balance), '500 - 1,999')
    }
  })

  it('never offers another of the consumer’s own lenders as a decoy, and offers four distinct names', () => {
    for (const seed of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      const lender = buildQuestions(input({ draw: seeded(seed) })).questions[0]
      const options = texts(lender).slice(0, 4)
      assert.equal(new Set(options).size, 4)
      assert.ok(!options.includes('Beta Credit'), seed)
      assert.equal(texts(lender)[4], 'None of these')
    }
  })

  it('gives a person without an account questions of the same shape whose right answers are all "none"', () => {
    const real = buildQuestions(input())
    const none = buildQuestions(input({ account: undefined, ownLenders: [] }))
    assert.deepEqual(shape(none.questions), shape(real.questions))
    assert.deepEqual(none.answers, { lender: 'none', yearOpened: 'none', balance: 'none' })
    assert.deepEqual(texts(none.questions[2]), texts(real.questions[2]))
    for (const q of none.questions) assert.equal(q.choices.length, 5)
  })

  it('shows the same person the same choices every time, and others different ones', () => {
    assert.deepEqual(buildQuestions(input()), buildQuestions(input()))
    const orders = new Set(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((s) =>
        texts(buildQuestions(input({ draw: seeded(s) })).questions[0]).join(),
      ),
    )
    assert.ok(orders.size > 1, 'orders differ')
  })

  it('offers four consecutive years, none after the current one, the year opened among them', () => {
    for (const seed of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      const { questions, answers } = buildQuestions(
        input({ draw: seeded(seed), account: { lender: 'Alpha Bank', yearOpened: 2024, balance: 0 } }),
      )
      const years = texts(questions[1]).slice(0, 4).map(Number)
      assert.deepEqual(years, [years[0]!, years[0]! + 1, years[0]! + 2, years[0]! + 3])
      assert.ok(years[3]! <= 2024, 'no future year')
      assert.equal(textOf(questions[1], answers.yearOpened), '2024')
    }
  })

  it('puts each balance in its range, edges included', () => {
    const cases: [number, string][] = [
      [0, '0 - 499'],
      [499, '0 - 499'],
      [500, '500 - 1,999'],
      [1999, '500 - 1,999'],
      [2000, '2,000 - 9,999'],
      [9999, '2,000 - 9,999'],
      [10_000, '10,000 or more'],
      [-5, 'I have no credit account'],
    ]
    for (const [balance, text] of cases) {
      const { questions, answers } = buildQuestions(
        input({ account: { lender: 'Alpha Bank', yearOpened: 2020, balance } }),
      )
      assert.equal(textOf(questions[2], answers.balance), text, String(balance))
    }
    assert.equal(BALANCE_RANGES.length, 4)
  })

  it('pads with fictional names when the bureau has too few other furnishers', () => {
    const { questions, answers } = buildQuestions(
      input({ lenders: ['Alpha Bank'], ownLenders: ['Alpha Bank'] }),
    )
    const options = texts(questions[0]).slice(0, 4)
    assert.equal(new Set(options).size, 4)
    assert.equal(textOf(questions[0], answers.lender), 'Alpha Bank')
  })
})
