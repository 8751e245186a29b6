import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { KeyHolderCache, type KeyHolder } from './key-cache.ts'

const holder = (id: string): KeyHolder => ({
  secretHash: new Uint8Array(32),
  member: {
    id,
    name: id,
    kind: 'bank',
    roles: ['user'],
    status: 'active',
    metro2Ids: [],
    createdAt: '2026-12-04T00:00:00.000Z',
  },
})

describe('KeyHolderCache', () => {
  it('serves nothing until started, and nothing once stopped', () => {
    const cache = new KeyHolderCache()
    cache.set('k1', holder('a'), cache.mark())
    assert.equal(cache.get('k1'), undefined)
    cache.start()
    cache.set('k1', holder('a'), cache.mark())
    assert.equal(cache.get('k1')?.member.id, 'a')
    cache.stop()
    assert.equal(cache.get('k1'), undefined)
    cache.set('k1', holder('a'), cache.mark())
    assert.equal(cache.get('k1'), undefined)
  })

  it('drops a holder read before a change was noticed, and keeps one read after it', () => {
    const cache = new KeyHolderCache()
    cache.start()
    const before = cache.mark()
    cache.clear()
    cache.set('k1', holder('a'), before)
    assert.equal(cache.get('k1'), undefined)
    cache.set('k1', holder('a'), cache.mark())
    assert.equal(cache.get('k1')?.member.id, 'a')
    cache.clear()
    assert.equal(cache.get('k1'), undefined)
  })

  it('expires an entry after its time to live', () => {
    let now = 0
    const cache = new KeyHolderCache({ ttlMs: 1000, now: () => now })
    cache.start()
    cache.set('k1', holder('a'), cache.mark())
    now = 999
    assert.equal(cache.get('k1')?.member.id, 'a')
    now = 1000
    assert.equal(cache.get('k1'), undefined)
  })

  it('stays within its size: when full, it starts again empty', () => {
    const cache = new KeyHolderCache({ maxEntries: 2 })
    cache.start()
    for (const k of ['k1', 'k2', 'k3']) cache.set(k, holder(k), cache.mark())
    assert.deepEqual(
      ['k1', 'k2', 'k3'].map((k) => cache.get(k)?.member.id),
      [undefined, undefined, 'k3'],
    )
  })
})
