import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { tableFromCsv } from './csv-table.ts'
import { createRng } from './rng.ts'
import { parseScorecardModel, type ScorecardModel } from './scorecard.model.ts'
import { trainScorecard } from './train.ts'

function trainedModel(): ScorecardModel {
  const rng = createRng(11)
  const lines = ['late,util,bad']
  for (let i = 0; i < 600; i++) {
    const late = rng.int(4)
    const util = rng.next()
    lines.push(`${late},${util.toFixed(3)},${rng.next() < 0.03 + 0.1 * late + 0.1 * util ? 1 : 0}`)
  }
  return trainScorecard(tableFromCsv(lines.join('\n'), { target: 'bad' }), { selection: { minIv: 0 } })
}

/** The model as its file holds it, changed by `edit`. */
function fileOf(model: ScorecardModel, edit: (json: ScorecardModel) => void): unknown {
  const json = JSON.parse(JSON.stringify(model)) as ScorecardModel
  edit(json)
  return json
}

describe('scorecardModelSchema', () => {
  const model = trainedModel()

  it('reads back a trained model', () => {
    assert.equal(model.attributes.length, 2)
    assert.deepEqual(parseScorecardModel(fileOf(model, () => {})), model)
  })

  it('refuses a score range that is reversed or empty, naming the path', () => {
    for (const [minScore, maxScore] of [
      [850, 300],
      [600, 600],
    ] as const) {
      const file = fileOf(model, (m) => Object.assign(m.scaling, { minScore, maxScore }))
      assert.throws(() => parseScorecardModel(file), {
        code: 'invalid_input',
        message: `not a valid scorecard model:\n  scaling.minScore: must be below maxScore (${maxScore}), got ${minScore}`,
      })
    }
  })

  it('refuses an attribute listed twice, naming the second entry and the first', () => {
    const file = fileOf(model, (m) => m.attributes.push(m.attributes[0]!))
    const name = model.attributes[0]!.name
    assert.throws(() => parseScorecardModel(file), {
      code: 'invalid_input',
      message: `not a valid scorecard model:\n  attributes.2.name: attribute "${name}" is already attributes.0`,
    })
  })
})
