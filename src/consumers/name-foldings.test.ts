import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { nameFoldings, sameName } from './name-foldings.ts'

describe('sameName', () => {
  it('meets a German transliteration or an accent-stripped spelling, either side, in either Unicode form', () => {
    for (const [typed, onFile] of [
      ['Müller', 'MUELLER'],
      ['Müller', 'MULLER'],
      ['Mu\u0308ller', 'MUELLER'],
      ['Mueller', 'Müller'],
      ['Größe', 'GROESSE'],
      ['Käthe', 'KAETHE'],
      ['Öztürk', 'OEZTUERK'],
      ['Kovács', 'KOVACS'],
      ["O'Brien", 'OBRIEN'],
    ])
      assert.ok(sameName(onFile!, typed!), `${typed} / ${onFile}`)
  })

  it('refuses names that differ in a letter, a transliteration with nothing to say it was one, and empty folds', () => {
    assert.equal(sameName('SCHOEN', 'Schon'), false)
    assert.equal(sameName('MULLER', 'Mueller'), false)
    assert.equal(sameName('MILLER', 'Müller'), false)
    assert.equal(sameName('', '---'), false)
  })

  it('folds a name without umlauts one way only', () => {
    assert.deepEqual([...nameFoldings('van der Berg')], ['VANDERBERG'])
    assert.deepEqual([...nameFoldings('Jürgen')].sort(), ['JUERGEN', 'JURGEN'])
  })
})
