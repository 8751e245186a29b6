import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Metro2ReadError } from './read-error.ts'
import { readAll } from './testing.ts'

/** The message of the error that reading `bytes` throws. */
function refusal(bytes: Uint8Array): string {
  try {
    readAll(bytes)
  } catch (e) {
    assert.ok(e instanceof Metro2ReadError, String(e))
    return e.message
  }
  assert.fail('the input was read as Metro 2')
}

const ascii = (text: string) => Buffer.from(text, 'latin1')

// Found by probing: the message quoted the first 20 bytes, and it is logged and stored with the batch, so a CSV
// of consumers sent by mistake put a national ID and a name in clear there (DESIGN.md principle 4).
describe('the error for input that is not Metro 2', () => {
  it('describes the kinds of the first bytes, never the bytes themselves', () => {
    const message = refusal(ascii('801263579,PETERSON,MATTHEW,1994-08-31\n'))
    assert.match(message, /^not a Metro 2 file: /)
    assert.ok(
      message.includes("the input is text that starts with 9 digits, ',', 8 letters, ',', 7 letters, ',', …"),
      message,
    )
    for (const secret of ['801263579', '8012', 'PETERSON', 'MATTHEW', 'PET', '1994', '08-31'])
      assert.ok(!message.includes(secret), `${secret} in ${message}`)
  })

  it('describes a short input by the same kinds', () => {
    const message = refusal(ascii('123-45'))
    assert.match(
      message,
      /^too short to be a Metro 2 file; the input is text that starts with 3 digits, '-', 2 digits /,
    )
    assert.ok(!message.includes('123'), message)
  })

  it('shows binary data by the kinds of its first 4 bytes, in hex only those that are not printable', () => {
    const message = refusal(Uint8Array.of(0x41, 0x39, 0x00, 0x07, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47))
    assert.ok(message.includes('binary data (its first bytes: a letter, a digit, 0x00, 0x07)'), message)
    for (const shown of ['A9', 'BCDEFG', '0x41', '0x39']) assert.ok(!message.includes(shown), message)
  })
})
