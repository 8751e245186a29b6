import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { loginSchema, nationalIdWindows, passwordProblem } from './consumers.model.ts'

describe('password policy', () => {
  it('asks for twelve characters, counted as characters rather than UTF-16 units', () => {
    assert.match(passwordProblem('short pass1', 'jane') ?? '', /at least 12/)
    assert.equal(passwordProblem('twelve chars', 'jane'), undefined)
    assert.match(
      passwordProblem('😀😀😀😀😀😀x', 'jane') ?? '',
      /at least 12/,
      '13 UTF-16 units, 7 characters',
    )
  })

  it('refuses one repeated character and the login itself', () => {
    assert.match(passwordProblem('aaaaaaaaaaaaaaaa', 'jane') ?? '', /single character/)
    assert.match(passwordProblem('Jane.Doe@Example.org', 'jane.doe@example.org') ?? '', /login/)
  })

  it('finds a national ID spelled anywhere in a password, separators dropped', () => {
    assert.ok(nationalIdWindows('my-ssn-123-45-6789!').includes('123456789'), 'SSN')
    assert.ok(nationalIdWindows('id 11010519491231002x ok').includes('11010519491231002X'), 'RID')
    assert.deepEqual(nationalIdWindows('no digits here'), [])
  })
})

describe('login', () => {
  it('folds case and compatibility forms, and accepts a username or an e-mail address', () => {
    assert.equal(loginSchema.parse('  Jane.Doe@Example.ORG '), 'jane.doe@example.org')
    assert.equal(loginSchema.parse('ｊａｎｅ＿９'), 'jane_9')
    assert.equal(loginSchema.safeParse('a').success, false)
    assert.equal(loginSchema.safeParse('has space').success, false)
    assert.equal(loginSchema.safeParse('-leading').success, false)
  })
})
