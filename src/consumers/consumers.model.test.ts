import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  credentialsSchema,
  enrolmentAnswersSchema,
  loginSchema,
  nationalIdWindows,
  PASSWORD_MAX,
  passwordSchema,
} from './consumers.model.ts'
import { passwordProblem } from './password-policy.ts'

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
    assert.match(passwordProblem('Jane.Doe@Example.org!!', 'jane.doe@example.org') ?? '', /login/)
  })

  // NIST SP 800-63B 5.1.1.2: a probe enrolled with every one of these as the password of login "deborah".
  it('refuses common passwords, short patterns repeated, sequences and the login inside, naming the reason', () => {
    const why = (password: string, login = 'deborah') => passwordProblem(password, login) ?? 'accepted'
    for (const [password, reason] of [
      ['password1234', /common/],
      ['P@ssw0rd2024!', /common/],
      ['iloveyou1234', /common/],
      ['passwordpassword', /common/],
      ['1q2w3e4r5t6y', /common/],
      ['correct horse battery staple', /common/],
      ['123456789012', /sequence/],
      ['abcdefgh1234', /sequence/],
      ['zyxwvutsrqpo', /sequence/],
      ['poiuytrewq12', /sequence/],
      ['abababababab', /repeat/],
      ['abcdabcdabcdab', /repeat/],
      ['x1!x1!x1!x1!x1!', /repeat/],
      ['deborah12345678', /login/],
      ['My name is DEBORAH!', /login/],
    ] as const)
      assert.match(why(password), reason, password)
    assert.match(
      why('it is jane.doe herself', 'jane.doe@example.org'),
      /login/,
      'the local part of an e-mail',
    )
    assert.match(why('JaneDoe forever!', 'jane.doe@example.org'), /login/, 'without its dots')
    assert.equal(passwordProblem('planning my year', 'ann'), undefined, 'a login too short to look for')
    for (const password of [
      'twelve chars',
      'a long passphrase of mine',
      'staple battery horse correct',
      'my-dog-Rex-1234',
      'Tr0ub4dor&3 again',
      'deb likes 2 swim',
    ])
      assert.equal(passwordProblem(password, 'deborah'), undefined, password)
    const reasons = new Set(
      ['password1234', '123456789012', 'abababababab', 'deborah12345678'].map((p) => why(p)),
    )
    assert.equal(reasons.size, 4, 'one reason each')
  })

  it('finds a national ID spelled anywhere in a password, separators dropped', () => {
    assert.ok(nationalIdWindows('my-ssn-123-45-6789!').includes('123456789'), 'SSN')
    assert.ok(nationalIdWindows('id 11010519491231002x ok').includes('11010519491231002X'), 'RID')
    assert.deepEqual(nationalIdWindows('no digits here'), [])
  })
})

describe('password length', () => {
  // The route parses the body, then the service parses what the route made of it: one limit on one form
  // (the normalised one) answers both parses alike, where a limit on the raw form let "\ufdfa" (18 characters
  // after NFKC) through the first and fail the second.
  it('checks the longest password (and sign-in login) after NFKC, so that parsing the parsed body again gives the same answer', () => {
    const tooLong = 'ab'.repeat(120) + '\ufdfa'
    const longest = 'ab'.repeat(119) + '\ufdfa'
    assert.deepEqual([tooLong.length, longest.length], [241, 239])
    assert.equal(passwordSchema.safeParse(tooLong).success, false, '258 characters once normalised')
    assert.equal(passwordSchema.parse(longest).length, PASSWORD_MAX)
    const answers = { lender: 'a', yearOpened: 'a', balance: 'a' }
    for (const password of [tooLong, longest, 'ｆｕｌｌ ｗｉｄｔｈ ｐａｓｓ', 'x'.repeat(PASSWORD_MAX + 1)]) {
      for (const [schema, body] of [
        [enrolmentAnswersSchema, { answers, login: 'someone', password }],
        [credentialsSchema, { login: 'someone', password }],
        // A login is folded the same way: "㎏" becomes "kg".
        [credentialsSchema, { login: '㎏'.repeat(200), password }],
      ] as const) {
        const once = schema.safeParse(body)
        const twice = once.success ? schema.safeParse(once.data) : undefined
        assert.ok(
          twice === undefined || twice.success,
          `accepted once, refused parsed again: ${password.length}`,
        )
        assert.deepEqual(twice?.data, once.data)
      }
    }
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
