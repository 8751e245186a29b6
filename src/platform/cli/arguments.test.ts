// Whole-number options: accepted within their range, refused by name with the range otherwise.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Command, CommanderError } from 'commander'
import { wholeNumber } from './arguments.ts'

function parse(args: string[]): { port?: number } {
  const program = new Command()
    .exitOverride()
    .configureOutput({ writeErr: () => {} })
    .option('--port <port>', 'port', wholeNumber(0, 65_535))
  program.parse(args, { from: 'user' })
  return program.opts()
}

describe('wholeNumber', () => {
  it('accepts whole numbers within the range, the bounds included', () => {
    assert.deepEqual(
      [parse(['--port', '0']), parse(['--port', '8080']), parse(['--port', '65535'])],
      [{ port: 0 }, { port: 8080 }, { port: 65535 }],
    )
    assert.equal(wholeNumber(1)('123456789'), 123456789)
  })

  it('refuses what is not a whole number in range, naming the option and the range', () => {
    for (const value of ['abc', '', '-1', '1.5', '1e3', '65536', '0x10']) {
      assert.throws(
        () => parse(['--port', value]),
        (e: unknown) =>
          e instanceof CommanderError &&
          e.code === 'commander.invalidArgument' &&
          e.message ===
            `error: option '--port <port>' argument '${value}' is invalid. must be a whole number from 0 to 65535`,
      )
    }
    assert.throws(() => wholeNumber(1)('0'), /must be a whole number of at least 1/)
    // A whole number, only too large: said so, not that it is no whole number.
    assert.throws(
      () => wholeNumber(1)('99999999999999999999'),
      /must be a whole number from 1 to 9007199254740991/,
    )
  })
})
