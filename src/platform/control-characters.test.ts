// Invisible characters: every format character (Unicode category Cf) and every default-ignorable character of the
// Basic Multilingual Plane is refused by a pattern that means the same with and without the "u" flag, and named.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { firstInvisibleCharacter, NO_INVISIBLE_CHARACTER } from './control-characters.ts'

const FORMAT = /^\p{Cf}$/u
const DEFAULT_IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u
const isSurrogate = (cp: number): boolean => cp >= 0xd800 && cp <= 0xdfff

describe('NO_INVISIBLE_CHARACTER', () => {
  it('refuses every format character and every default-ignorable one of the BMP, with and without "u"', () => {
    const patterns = [new RegExp(NO_INVISIBLE_CHARACTER.source, 'u'), NO_INVISIBLE_CHARACTER]
    const wrong: string[] = []
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (isSurrogate(cp)) continue
      const c = String.fromCodePoint(cp)
      const invisible = FORMAT.test(c) || (cp <= 0xffff && DEFAULT_IGNORABLE.test(c))
      const text = `OK-${c}1`
      for (const p of patterns)
        if (p.test(text) === invisible) wrong.push(`U+${cp.toString(16)} ${p.flags || 'no flag'}`)
    }
    assert.deepEqual(wrong.slice(0, 20), [])
  })

  it('takes numbers and names without them, outside the BMP too', () => {
    for (const p of [new RegExp(NO_INVISIBLE_CHARACTER.source, 'u'), NO_INVISIBLE_CHARACTER])
      assert.deepEqual(
        ['OK-1', 'LOAN 77/A', '王\u{20000}', 'A\u{1F4B3}', '', 'OK-1\u200b', '\ufeffOK-1', 'A\u{E0031}'].map(
          (v) => p.test(v),
        ),
        [true, true, true, true, true, false, false, false],
        `flags "${p.flags}"`,
      )
  })
})

describe('firstInvisibleCharacter', () => {
  it('names the first invisible character by its code point', () => {
    assert.deepEqual(
      ['OK-1\u200b', 'OK\u2060-1', '\ufeffOK', 'OK\u200e', 'OK\u{E0031}', 'OK\ufe0f', 'OK-1 '].map((t) =>
        firstInvisibleCharacter(t),
      ),
      ['U+200B', 'U+2060', 'U+FEFF', 'U+200E', 'U+E0031', 'U+FE0F', undefined],
    )
  })
})
