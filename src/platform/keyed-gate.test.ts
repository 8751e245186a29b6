import assert from 'node:assert/strict'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { describe, it } from 'node:test'
import { KeyedGate } from './keyed-gate.ts'

/** Runs `work` with `key` held, recording when it starts and ends. */
async function held(gate: KeyedGate, key: string, log: string[], name: string, turns = 3) {
  const leave = await gate.enter(key)
  try {
    log.push(`${name}+`)
    for (let i = 0; i < turns; i++) await nextTurn()
    log.push(`${name}-`)
  } finally {
    leave()
  }
}

describe('KeyedGate', () => {
  it('lets the holders of one key in one at a time, in the order they came', async () => {
    const gate = new KeyedGate()
    const log: string[] = []
    await Promise.all(['a', 'b', 'c', 'd'].map((n) => held(gate, 'k', log, n)))
    assert.deepEqual(log, ['a+', 'a-', 'b+', 'b-', 'c+', 'c-', 'd+', 'd-'])
  })

  it('does not hold one key up for another', async () => {
    const gate = new KeyedGate()
    const log: string[] = []
    await Promise.all([held(gate, 'k1', log, 'a', 5), held(gate, 'k2', log, 'b', 1)])
    // b, on another key, starts and ends while a still holds k1.
    assert.deepEqual(log, ['a+', 'b+', 'b-', 'a-'])
  })

  it('lets the next one in when a holder fails, and forgets keys nobody holds', async () => {
    const gate = new KeyedGate()
    const log: string[] = []
    const failing = (async () => {
      const leave = await gate.enter('k')
      try {
        log.push('x+')
        await nextTurn()
        throw new Error('boom')
      } finally {
        leave()
      }
    })()
    const next = held(gate, 'k', log, 'y')
    assert.equal(gate.size, 1)
    await assert.rejects(failing, /boom/)
    await next
    assert.deepEqual(log, ['x+', 'y+', 'y-'])
    assert.equal(gate.size, 0)
  })

  it('lets one in at once on a key that was held and left', async () => {
    const gate = new KeyedGate()
    const leave = await gate.enter('k')
    leave()
    let entered = false
    const again = gate.enter('k').then((l) => {
      entered = true
      return l
    })
    await nextTurn()
    assert.equal(entered, true)
    ;(await again)()
    assert.equal(gate.size, 0)
  })
})
