import assert from 'node:assert/strict'
import { test } from 'node:test'
import { randomSlice } from './random-pool.ts'

test('randomSlice never hands out the same bytes twice, across pool refills', () => {
  const seen = new Set<string>()
  // 200,000 draws of 16 bytes span about fifty pools of 64 KiB.
  for (let i = 0; i < 200_000; i++) seen.add(randomSlice(16).toString('hex'))
  assert.equal(seen.size, 200_000)
})

test('a slice keeps its bytes after the pool it came from is replaced', () => {
  const kept = randomSlice(32)
  const copy = Buffer.from(kept)
  for (let i = 0; i < 10_000; i++) randomSlice(64)
  assert.deepEqual(kept, copy)
})

test('randomSlice gives exactly the bytes asked for, and refuses what a pool cannot hold', () => {
  assert.equal(randomSlice(0).length, 0)
  assert.equal(randomSlice(12).length, 12)
  assert.equal(randomSlice(1 << 16).length, 1 << 16)
  assert.throws(() => randomSlice((1 << 16) + 1), /cannot draw 65537 random bytes/)
  assert.throws(() => randomSlice(-1), RangeError)
  assert.throws(() => randomSlice(1.5), RangeError)
})
