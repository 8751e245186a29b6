// JSON bodies are UTF-8 (RFC 8259 §8.1), found by probing: a Latin-1 body ("Caf\xe9 Bank") and one that declared
// `charset=iso-8859-1` were both taken, the bad byte stored as U+FFFD. Now bytes that are not UTF-8 are refused with
// 400 naming the offset of the first, and a charset other than UTF-8 with 415 naming it.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { MEMBER, sampleServer } from './http.fixture.ts'
import type { ErrorBody, HttpServer } from './index.ts'
import { firstNonUtf8Byte } from './utf8.ts'

describe('firstNonUtf8Byte', () => {
  it('finds the first byte that begins no well-formed UTF-8 character, and none in UTF-8', () => {
    const cases: [string, number | undefined][] = [
      ['{"a":"Café € 𝄞"}', undefined],
      ['', undefined],
    ]
    for (const [text, expected] of cases) assert.equal(firstNonUtf8Byte(Buffer.from(text)), expected, text)
    const bytes: [number[], number][] = [
      [[0x43, 0x61, 0x66, 0xe9, 0x20, 0x42], 3], // Latin-1 "é": a 3-byte lead followed by a space
      [[0x61, 0x80], 1], // a continuation byte with no lead
      [[0xc0, 0xaf], 0], // an overlong "/"
      [[0xe0, 0x80, 0xaf], 0], // an overlong "/" in three bytes
      [[0xed, 0xa0, 0x80], 0], // the surrogate U+D800
      [[0xf4, 0x90, 0x80, 0x80], 0], // past U+10FFFF
      [[0xf5, 0x80, 0x80, 0x80], 0], // a lead no character has
      [[0x61, 0xe2, 0x82], 1], // "€" cut short at the end
      [[0xc3, 0xa9, 0xff], 2], // "é", then a byte UTF-8 never uses
    ]
    for (const [b, expected] of bytes) assert.equal(firstNonUtf8Byte(Uint8Array.from(b)), expected, String(b))
  })
})

describe('a JSON body', () => {
  let app: HttpServer
  before(async () => {
    app = await sampleServer()
    await app.ready()
  })
  after(() => app.close())

  const post = (payload: Buffer | string, contentType = 'application/json') =>
    app.inject({
      method: 'POST',
      url: '/loans',
      headers: { ...MEMBER, 'content-type': contentType },
      payload,
    })
  const errorOf = (res: { json: () => unknown }) => (res.json() as ErrorBody).error

  it('is refused with 400 naming the offset of the first byte that is not UTF-8', async () => {
    const res = await post(Buffer.from('{"amount":1,"currency":"Caf\xe9"}', 'latin1'))
    assert.equal(res.statusCode, 400, res.body)
    assert.equal(errorOf(res).code, 'invalid_input')
    assert.match(errorOf(res).message, /not valid UTF-8.*offset 27 \(0xe9\)/)
  })

  it('is refused with 415 naming a charset other than UTF-8', async () => {
    for (const charset of ['iso-8859-1', '"windows-1252"', 'utf-16', '']) {
      const res = await post('{"amount":1,"currency":"EUR"}', `application/json; charset=${charset}`)
      assert.equal(res.statusCode, 415, `${charset}: ${res.body}`)
      assert.equal(errorOf(res).code, 'unsupported_media_type')
      assert.match(errorOf(res).message, /takes JSON only in UTF-8.*not in charset/, charset)
      assert.ok(errorOf(res).message.includes(charset.replaceAll('"', '') || '(empty)'), errorOf(res).message)
    }
  })

  it('is taken in UTF-8, with or without a charset that says so', async () => {
    for (const contentType of [
      'application/json',
      'application/json; charset=utf-8',
      'application/json;charset="UTF-8"',
      'application/json; charset=utf8',
    ]) {
      const res = await post('{"amount":1,"currency":"€ab"}', contentType)
      assert.equal(res.statusCode, 200, `${contentType}: ${res.body}`)
    }
  })
})
