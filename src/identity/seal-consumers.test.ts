import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import { sealNewConsumers } from './consumer-sealer.ts'
import type { PiiValue } from './identity.model.ts'
import { decryptPii, piiValueHash, unwrapDataKey } from './pii-crypto.ts'
import { dataKeyAt, sealConsumers, type SealedConsumers, type SealJob } from './seal-consumers.ts'

const masterKey = randomBytes(32)
const name: PiiValue = {
  kind: 'name',
  normalised: 'WHITCOMBE|OTTOLINE|Q|',
  plaintext: '["Whitcombe","Ottoline","Q",""]',
}
const born: PiiValue = { kind: 'birth_date', normalised: '1971-03-14', plaintext: '1971-03-14' }
const phone: PiiValue = { kind: 'phone', normalised: '2175550134', plaintext: '2175550134' }

function job(consumers: SealJob['consumers']): SealJob {
  return { masterKey, asOf: '2026-01-31', source: 'acme-bank', consumers }
}

/** COPY text (bytes, in pieces) back into fields; bytea fields (\\x + hex in the text format) as bytes. */
const rows = (pieces: readonly Uint8Array[]) =>
  Buffer.concat(pieces)
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t').map((f) => (f.startsWith('\\\\x') ? Buffer.from(f.slice(3), 'hex') : f)))

function assertOpens(sealed: SealedConsumers, j: SealJob): void {
  const keyRows = rows(sealed.copy.consumerKeys)
  const piiRows = rows(sealed.copy.pii)
  assert.deepEqual(
    rows(sealed.copy.consumers).map(([k]) => k),
    j.consumers.map((c) => c.consumerKey),
  )
  for (const [i, c] of j.consumers.entries()) {
    const dataKey = dataKeyAt(sealed, i)
    const [consumerKey, wrapped] = keyRows[i]!
    assert.equal(consumerKey, c.consumerKey)
    assert.deepEqual(unwrapDataKey(masterKey, c.consumerKey, wrapped as Buffer), dataKey)
    const mine = piiRows.filter(([k]) => k === c.consumerKey)
    const distinct = [...new Map(c.values.map((v) => [`${v.kind}|${v.normalised}`, v])).values()]
    assert.equal(mine.length, distinct.length)
    for (const [k, v] of distinct.entries()) {
      const [, kind, hash, ciphertext, source, firstSeen, lastSeen] = mine[k]!
      assert.deepEqual([kind, source, firstSeen, lastSeen], [v.kind, 'acme-bank', '2026-01-31', '2026-01-31'])
      assert.deepEqual(hash, piiValueHash(dataKey, v.kind, v.normalised))
      assert.equal(decryptPii(dataKey, c.consumerKey, v.kind, ciphertext as Buffer), v.plaintext)
      assert.equal(sealed.stored[i]!.values[k], `${v.kind}|${(hash as Buffer).toString('hex')}`)
    }
  }
}

describe('sealConsumers', () => {
  it('gives each consumer a data key of its own, wrapped by the master key, and seals each value under it', () => {
    const j = job([
      { consumerKey: randomUUID(), values: [name, born, phone] },
      { consumerKey: randomUUID(), values: [{ ...name, normalised: 'ROE|RICHARD||', plaintext: 'x' }] },
    ])
    const sealed = sealConsumers(j)
    assertOpens(sealed, j)
    assert.notDeepEqual(dataKeyAt(sealed, 0), dataKeyAt(sealed, 1))
    assert.equal(sealed.dataKeys.byteLength, 64)
  })

  it('stores a value named twice for one consumer once', () => {
    const j = job([{ consumerKey: randomUUID(), values: [name, born, name, born] }])
    const sealed = sealConsumers(j)
    assert.equal(rows(sealed.copy.pii).length, 2)
    assertOpens(sealed, j)
  })

  it('renders nothing for no consumers', () => {
    const sealed = sealConsumers(job([]))
    assert.deepEqual(sealed.copy, { consumers: [], consumerKeys: [], pii: [] })
    assert.equal(sealed.dataKeys.byteLength, 0)
  })
})

describe('sealNewConsumers', () => {
  it('seals the same way on the worker thread, keys and all, for a chunk of many consumers', async () => {
    const j = job(
      Array.from({ length: 300 }, (_, i) => ({
        consumerKey: randomUUID(),
        values: [{ ...name, normalised: `N${i}`, plaintext: `name ${i}` }, born],
      })),
    )
    const sealed = await sealNewConsumers(j, 100)
    assertOpens(sealed, j)
  })

  it('fails with the reason when the master key is unusable, on either thread', async () => {
    const bad = { ...job([{ consumerKey: randomUUID(), values: [name] }]), masterKey: randomBytes(7) }
    await assert.rejects(sealNewConsumers(bad), /key/i)
    await assert.rejects(sealNewConsumers(bad, 0), /key/i)
  })
})
