import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Slicer } from './slicer.ts'

describe('Slicer', () => {
  it('lets a timer that is due run in the middle of a long loop', async () => {
    const slicer = new Slicer(1)
    let fired = false
    setTimeout(() => (fired = true), 0)
    const start = performance.now()
    let sawTimer = false
    // Until the timer is seen, or long enough that a loaded machine's pauses cannot end the loop before a turn.
    while (!sawTimer && performance.now() - start < 5000) {
      if (slicer.due()) await slicer.turn()
      if (fired) sawTimer = true
    }
    assert.equal(sawTimer, true)
  })

  it('is not due right after a turn', async () => {
    const slicer = new Slicer(1000)
    await slicer.turn()
    assert.equal(slicer.due(), false)
  })
})
