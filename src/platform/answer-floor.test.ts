// The answer floor is a lower bound that must hold exactly: found in CI, a timer of 150 ms fired after 148.9 ms
// by performance.now (libuv counts whole milliseconds), and a refusal came sooner than the floor it promises.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { withAnswerFloor } from './answer-floor.ts'

describe('withAnswerFloor', () => {
  it('never answers before the floor, however the timers round', async () => {
    for (let i = 0; i < 200; i++) {
      const floor = 2 + (i % 7) + 0.3
      const began = performance.now()
      await withAnswerFloor(floor, async () => 'done')
      const took = performance.now() - began
      assert.ok(took >= floor, `round ${i}: answered after ${took} ms, floor ${floor} ms`)
    }
  })

  it('holds only the answers it is told to hold', async () => {
    const began = performance.now()
    await withAnswerFloor(
      60_000,
      async () => 1,
      (failed) => failed,
    )
    assert.ok(performance.now() - began < 60_000)
    await assert.rejects(
      withAnswerFloor(
        5,
        () => Promise.reject(new Error('x')),
        (failed) => failed,
      ),
      /x/,
    )
  })
})
