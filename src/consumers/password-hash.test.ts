import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  DEFAULT_SCRYPT,
  burnPasswordWork,
  hashPassword,
  needsRehash,
  verifyPassword,
} from './password-hash.ts'

describe('password hashing', () => {
  it('stores a self-describing scrypt string with a fresh salt, never the password', async () => {
    const a = await hashPassword('correct horse battery staple')
    const b = await hashPassword('correct horse battery staple')
    assert.match(a, /^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
    assert.notEqual(a, b, 'a salt per password')
    assert.ok(!a.includes('horse'), 'no password')
  })

  it('verifies the right password and refuses a wrong one, or a tampered hash', async () => {
    const stored = await hashPassword('correct horse battery staple')
    assert.equal(await verifyPassword('correct horse battery staple', stored), true)
    assert.equal(await verifyPassword('correct horse battery stapl', stored), false)
    const at = stored.length - 5
    const flipped = stored.slice(0, at) + (stored[at] === 'A' ? 'B' : 'A') + stored.slice(at + 1)
    assert.equal(await verifyPassword('correct horse battery staple', flipped), false)
    assert.equal(await verifyPassword('x', 'plain text'), false)
    assert.equal(await verifyPassword('x', stored.replace('ln=15', 'ln=30')), false)
  })

  it('reads the cost from the string, so older hashes still verify and are marked for rehashing', async () => {
    const cheap = await hashPassword('an older password', { ln: 10, r: 8, p: 1 })
    assert.match(cheap, /^\$scrypt\$ln=10,r=8,p=1\$/)
    assert.equal(await verifyPassword('an older password', cheap), true)
    assert.equal(needsRehash(cheap), true)
    assert.equal(needsRehash(await hashPassword('a current one', DEFAULT_SCRYPT)), false)
  })

  it('treats equivalent Unicode spellings of a password as the same (NFKC)', async () => {
    const stored = await hashPassword('ﬁrst café password')
    assert.equal(await verifyPassword('first cafe\u0301 password', stored), true)
  })

  it('spends the work of a verification for a login that names no account, and never matches', async () => {
    assert.equal(await burnPasswordWork('anything at all'), false)
  })
})
