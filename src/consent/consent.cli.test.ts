import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Command } from 'commander'
import { AppError } from '../platform/errors.ts'
import { openConsentFixture, type ConsentFixture } from './consent.fixture.ts'
import { registerProfileCommands } from './index.ts'

describe('registerProfileCommands', () => {
  let f: ConsentFixture
  before(async () => {
    f = await openConsentFixture('US-FCRA')
  })
  after(() => f.dispose())

  // Each run builds its module afresh over the same database, as separate CLI processes would.
  async function run(...args: string[]): Promise<string> {
    let out = ''
    const program = new Command('openbureau').exitOverride().configureOutput({ writeErr: () => {} })
    registerProfileCommands(program, async () => f.reopen(), { write: (text) => void (out += text) })
    await program.parseAsync(['profile', ...args], { from: 'user' })
    return out
  }

  it('shows the configured default with its rules', async () => {
    const out = await run('show')
    assert.match(out, /^profile {2}US-FCRA \(configured default\)$/m)
    assert.match(out, /^employment +yes +no +FCRA §604\(a\)\(3\)\(B\)/m)
    assert.match(out, /^credit_application +no +yes +FCRA §604\(a\)\(3\)\(A\)$/m)
    assert.match(out, /7 years from first delinquency/)
  })

  it('sets a profile that persists for the next process, and refuses an unknown code', async () => {
    assert.equal(await run('set', 'HU-KHR'), 'jurisdiction profile set to HU-KHR\n')
    const shown = JSON.parse(await run('show', '--json'))
    assert.deepEqual(
      [shown.code, shown.source, shown.profile.negativeRetentionYears],
      ['HU-KHR', 'operator', 5],
    )
    await assert.rejects(
      run('set', 'US-CCPA'),
      (e: unknown) => e instanceof AppError && e.code === 'invalid_input',
    )
    assert.equal(JSON.parse(await run('show', '--json')).code, 'HU-KHR')
    assert.ok(f.events.some((e) => e.action === 'settings.jurisdiction_set' && e.actor.id === 'cli'))
  })
})
