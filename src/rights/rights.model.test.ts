import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DATE_TIME_FORM } from '../platform/input-date-time.ts'
import { contactPhoneProblem, placeAlertSchema, temporaryLiftSchema } from './rights.model.ts'

describe('the contact number of a fraud alert', () => {
  const problems = (contactPhone: string) =>
    placeAlertSchema
      .safeParse({ kind: 'initial', contactPhone })
      .error?.issues.map((i) => [i.path.join('.'), i.message]) ?? []

  it('refuses a country code that starts with 0, or a separator straight after the + (E.164)', () => {
    assert.deepEqual(problems('+00000000'), [
      [
        'contactPhone',
        'the country code cannot start with 0 (E.164): leave out a 00 or trunk 0 prefix, e.g. +44 20 7946 0958',
      ],
    ])
    for (const bad of ['+-1-2-0-2-5-5-5-0-1', '+ 1202555014'])
      assert.deepEqual(problems(bad), [
        ['contactPhone', 'the country code must follow the + directly, without a space or dash (E.164)'],
      ])
  })

  it('names each other fault, one at a time', () => {
    assert.equal(
      contactPhoneProblem('0301 1234567'),
      'must start with + and the country code (international form, E.164)',
    )
    assert.equal(
      contactPhoneProblem('+1 202 555 0143 ext 7'),
      'must hold only digits after the +, with at most one space or dash between two digits',
    )
    assert.equal(
      contactPhoneProblem('+1--2025550143'),
      'must hold only digits after the +, with at most one space or dash between two digits',
    )
    assert.equal(
      contactPhoneProblem('+1202555'),
      'must have 8 to 15 digits after the + (E.164 allows at most 15); it has 7',
    )
    assert.equal(
      contactPhoneProblem('+1202555014399999'),
      'must have 8 to 15 digits after the + (E.164 allows at most 15); it has 16',
    )
  })

  it('takes 8 to 15 digits after the +, and keeps only the digits', () => {
    for (const [given, kept] of [
      ['+12025550', '+12025550'],
      ['+1 202-555-0143', '+12025550143'],
      ['+36 30 123 4567', '+36301234567'],
      ['+123456789012345', '+123456789012345'],
    ] as const) {
      assert.equal(contactPhoneProblem(given), undefined, given)
      assert.deepEqual(placeAlertSchema.parse({ kind: 'initial', contactPhone: given }), {
        kind: 'initial',
        contactPhone: kept,
      })
    }
  })
})

describe('the end of a temporary lift', () => {
  it('names the accepted form of a date and time: seconds, and Z or an offset ±hh:mm', () => {
    for (const until of [
      '2027-01-01T00:00:00',
      '2027-01-01T00:00Z',
      '2027-01-01T00:00:00+0100',
      'next tuesday',
    ]) {
      const issues = temporaryLiftSchema.safeParse({ until }).error?.issues ?? []
      assert.deepEqual(
        issues.map((i) => [i.path.join('.'), i.message]),
        [['until', DATE_TIME_FORM]],
        until,
      )
    }
    assert.match(DATE_TIME_FORM, /YYYY-MM-DDThh:mm:ss .*Z or an offset ±hh:mm/)
    for (const until of ['2027-01-01T00:00:00Z', '2027-01-01T09:00:00.250+01:00'])
      assert.ok(temporaryLiftSchema.safeParse({ until }).success, until)
  })
})
