import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import type { Question } from './consumers.model.ts'
import { BALANCE_RANGES, buildQuestions, YEARS_SHOWN_BACK, type QuestionInput } from './questions.ts'

const LENDERS = ['Alpha Bank', 'Beta Credit', 'Gamma Finance', 'Delta Savings', 'Epsilon Loans', 'Zeta Power']
const seeded =
  (seed: string) =>
  (label: string): number =>
    createHash('sha256').update(`${seed}:${label}`).digest().readUInt32BE(0)

const input = (over: Partial<QuestionInput> = {}): QuestionInput => ({
  account: { lender: 'Alpha Bank', yearOpened: 2021, balance: 1200 },
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

  it('offers four distinct names, the lender of the most recent account the one right, whatever other lenders it holds', () => {
    for (const seed of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      const { questions, answers } = buildQuestions(input({ draw: seeded(seed) }))
      const options = texts(questions[0]).slice(0, 4)
      assert.equal(new Set(options).size, 4)
      assert.equal(options.filter((o) => o === 'Alpha Bank').length, 1)
      assert.equal(textOf(questions[0], answers.lender), 'Alpha Bank')
      assert.equal(texts(questions[0])[4], 'None of these')
    }
  })

  // The consumer's other lenders were once left out of the decoys: a small bureau then ran out of furnishers for
  // people on file only, who alone got filler names, and the furnishers left out were exactly their lenders.
  it('draws the lender decoys alike for everyone: no filler name, and none left out, for a person on file', () => {
    const many = Array.from({ length: 200 }, (_, i) => `p${i}`)
    const shown = (over: Partial<QuestionInput>) => {
      const names = new Set<string>()
      for (const seed of many) {
        for (const t of texts(buildQuestions(input({ draw: seeded(seed), ...over })).questions[0]).slice(
          0,
          4,
        ))
          names.add(t)
      }
      return [...names].sort()
    }
    const onFile = shown({})
    const notOnFile = shown({ account: undefined })
    assert.deepEqual(
      onFile,
      [...LENDERS].sort(),
      'every furnisher, and only furnishers, for a person on file',
    )
    assert.deepEqual(notOnFile, onFile)
  })

  it('gives a person without an account questions of the same shape whose right answers are all "none"', () => {
    const real = buildQuestions(input())
    const none = buildQuestions(input({ account: undefined }))
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

  // Stand-in years once lay at most ten years back while real ones could be any year: a window older than any
  // stand-in's showed that the national ID was on file, and when its holder last opened an account.
  it('shows a person on file only year windows that a person not on file is shown too, from any year opened', () => {
    const seeds = Array.from({ length: 2000 }, (_, i) => `s${i}`)
    const window = (over: Partial<QuestionInput>) =>
      texts(buildQuestions(input(over)).questions[1])
        .slice(0, 4)
        .join()
    const standIns = new Set(seeds.map((s) => window({ draw: seeded(s), account: undefined })))
    const real = new Set<string>()
    for (let yearOpened = 1950; yearOpened <= 2024; yearOpened++) {
      for (const s of seeds.slice(0, 20)) {
        real.add(window({ draw: seeded(s), account: { lender: 'Alpha Bank', yearOpened, balance: 0 } }))
      }
    }
    assert.deepEqual([...real].sort(), [...standIns].sort())
    assert.equal(
      real.size,
      YEARS_SHOWN_BACK - 2,
      'every start from the oldest year shown to three years back',
    )
  })

  it('answers an account older than the years shown with the oldest, which says "or earlier"', () => {
    const oldest = 2024 - YEARS_SHOWN_BACK
    for (const yearOpened of [1974, oldest - 1, oldest, oldest + 1]) {
      for (const seed of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
        const { questions, answers } = buildQuestions(
          input({ draw: seeded(seed), account: { lender: 'Alpha Bank', yearOpened, balance: 0 } }),
        )
        const right = textOf(questions[1], answers.yearOpened)
        assert.equal(
          right,
          yearOpened <= oldest ? `${oldest} or earlier` : String(yearOpened),
          `${yearOpened} ${seed}`,
        )
      }
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

  // The true lender was once put at a drawn position among decoys listed real furnishers first, so a person not
  // on file always got [real, real, filler, filler] from a bureau of two furnishers, and a real name after a
  // filler showed that the national ID was on file and which furnisher held its account.
  it("shows a small bureau's lender choices in the same order whether on file or not, and whoever the lender is", () => {
    const pool = ['Alpha Bank', 'Beta Credit', 'Gamma Finance', 'Delta Savings']
    for (const n of [1, 2, 3, 4]) {
      const lenders = pool.slice(0, n)
      const patterns = new Set<string>()
      const rightAt = new Set<string>()
      for (let i = 0; i < 300; i++) {
        const draw = seeded(`p${i}`)
        const list = (account: QuestionInput['account']) =>
          buildQuestions(input({ lenders, draw, account })).questions[0]!
        const none = texts(list(undefined)).slice(0, 4)
        for (const lender of lenders) {
          const q = list({ lender, yearOpened: 2021, balance: 0 })
          assert.deepEqual(texts(q).slice(0, 4), none, `${n} furnishers, ${lender}, p${i}`)
          const { answers } = buildQuestions(
            input({ lenders, draw, account: { lender, yearOpened: 2021, balance: 0 } }),
          )
          assert.equal(textOf(q, answers.lender), lender)
          rightAt.add(answers.lender)
        }
        patterns.add(none.map((t) => (lenders.includes(t) ? 'R' : 'f')).join(''))
      }
      // Every placement of n real names among four: C(4, n) patterns.
      assert.equal(patterns.size, [0, 4, 6, 4, 1][n], `${n} furnishers: ${[...patterns].join()}`)
      assert.deepEqual([...rightAt].sort(), ['a', 'b', 'c', 'd'], 'the true lender at any position')
    }
  })

  it('puts the true lender of a large bureau at any position, a filler never, as for a person not on file', () => {
    const at = new Set<string>()
    const notOnFileAt = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const q = buildQuestions(input({ draw: seeded(`q${i}`) }))
      at.add(q.answers.lender)
      const none = texts(buildQuestions(input({ draw: seeded(`q${i}`), account: undefined })).questions[0])
      notOnFileAt.add(String(none.indexOf('Alpha Bank')))
      assert.ok(
        texts(q.questions[0])
          .slice(0, 4)
          .every((t) => LENDERS.includes(t)),
      )
    }
    assert.deepEqual([...at].sort(), ['a', 'b', 'c', 'd'])
    assert.deepEqual([...notOnFileAt].sort(), ['-1', '0', '1', '2', '3'])
  })

  it('pads with as many fictional names for a person on file as for anyone when the bureau has too few furnishers', () => {
    const fillers = (q: Question | undefined, lenders: string[]) =>
      texts(q)
        .slice(0, 4)
        .filter((t) => !lenders.includes(t)).length
    for (const lenders of [['Alpha Bank'], ['Alpha Bank', 'Beta Credit', 'Gamma Finance']]) {
      const { questions, answers } = buildQuestions(input({ lenders }))
      const none = buildQuestions(input({ lenders, account: undefined }))
      assert.equal(new Set(texts(questions[0]).slice(0, 4)).size, 4)
      assert.equal(textOf(questions[0], answers.lender), 'Alpha Bank')
      assert.equal(fillers(questions[0], lenders), 4 - lenders.length)
      assert.equal(fillers(none.questions[0], lenders), 4 - lenders.length)
    }
  })
})
