// Who may do what, route by route: every route of the real server against every role, and against another
// member's or another consumer's data, each cell the HTTP status it must answer. Routes are read from the Fastify
// instance itself, so a route added without a row here fails this test. GET rows are asked with HEAD too.
//   2xx  allowed (302: the docs page redirects to its folder)
//   401  no credential (the route is not public)
//   403  the role may not use the route
//   404  not found, or not the caller's: the two look the same (STYLE.md, Immich's access rule)
// (*) the upload is received as the caller's own batch, and every record that bears another furnisher's
//     identification number is rejected: see the test after the matrix.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  metro2File,
  openAccessWorld,
  PASSWORD,
  ROLES,
  type FurnisherId,
  type Role,
  type World,
} from './access-matrix.fixture.ts'

// Columns: operator, furnisher, lender (a member with the user role), consumer (enrolled, signed in), supervisor
// (a regulator), anonymous, and a suspended member that holds every role but operator.
const MATRIX = `
route                                     | target                                     | oper furn lend cons supv anon susp
GET    /health                            | -                                          | 200  200  200  200  200  200  200
GET    /openapi.json                      | -                                          | 200  200  200  200  200  200  200
GET    /docs                              | -                                          | 200  200  200  200  200  200  200
GET    /docs/                             | -                                          | 200  200  200  200  200  200  200
GET    /docs/static/index.html            | -                                          | 302  302  302  302  302  302  302
GET    /docs/static/swagger-initializer.js | -                                         | 200  200  200  200  200  200  200
GET    /docs/*                            | a static asset                             | 200  200  200  200  200  200  200
GET    /docs/json                         | -                                          | 200  200  200  200  200  200  200
GET    /docs/yaml                         | -                                          | 200  200  200  200  200  200  200
GET    /.well-known/jwks.json             | -                                          | 200  200  200  200  200  200  200
POST   /v1/members                        | a new member                               | 201  403  403  403  403  401  403
GET    /v1/members                        | -                                          | 200  403  403  403  403  401  403
GET    /v1/members/me                     | -                                          | 200  200  200  403  200  401  200
GET    /v1/members/:id                    | another member                             | 200  403  403  403  403  401  403
POST   /v1/members/:id/suspend            | the spare member                           | 200  403  403  403  403  401  403
POST   /v1/members/:id/reactivate         | the spare member                           | 200  403  403  403  403  401  403
POST   /v1/members/:id/keys               | the spare member                           | 201  403  403  403  403  401  403
GET    /v1/members/:id/keys               | the spare member                           | 200  403  403  403  403  401  403
POST   /v1/keys/:keyId/rotate             | a key of the spare member                  | 201  403  403  403  403  401  403
DELETE /v1/keys/:keyId                    | a key of the spare member                  | 204  403  403  403  403  401  403
POST   /v1/furnishing/files               | a file of the caller's own                 | 201  201  403  403  403  401  403
POST   /v1/furnishing/files               | a file of another furnisher (*)            | 201  201  403  403  403  401  403
GET    /v1/furnishing/files               | -                                          | 200  200  403  403  403  401  403
GET    /v1/furnishing/files/:id           | the furnisher's own batch                  | 200  200  403  403  403  401  403
GET    /v1/furnishing/files/:id           | another furnisher's batch                  | 200  404  403  403  403  401  403
GET    /v1/furnishing/schema              | -                                          | 200  200  200  200  200  401  200
POST   /v1/consents                       | a request for Alice                        | 403  403  202  403  403  401  403
POST   /v1/consents/:id/approve           | Alice's pending request from the lender    | 404  404  404  200  404  401  404
POST   /v1/consents/:id/approve           | Bob's pending request from the lender      | 404  404  404  404  404  401  404
POST   /v1/consents/:id/reject            | Alice's pending request from the lender    | 404  404  404  200  404  401  404
POST   /v1/consents/:id/reject            | Bob's pending request from the lender      | 404  404  404  404  404  401  404
POST   /v1/consents/:id/pause             | Alice's active consent to the lender       | 404  404  403  200  404  401  404
POST   /v1/consents/:id/pause             | Bob's active consent to the lender         | 404  404  403  404  404  401  404
POST   /v1/consents/:id/resume            | Alice's paused consent to the lender       | 404  404  403  200  404  401  404
POST   /v1/consents/:id/resume            | Bob's paused consent to the lender         | 404  404  403  404  404  401  404
POST   /v1/consents/:id/revoke            | Alice's active consent to the lender       | 404  404  200  200  404  401  404
POST   /v1/consents/:id/revoke            | Bob's active consent to the lender         | 404  404  200  404  404  401  404
POST   /v1/consents/:id/revoke            | Alice's active consent to another lender   | 404  404  404  200  404  401  404
GET    /v1/consents                       | -                                          | 403  200  200  200  200  401  200
GET    /v1/consents/:id                   | Alice's consent to the lender              | 404  404  200  200  404  401  404
GET    /v1/consents/:id                   | Bob's consent to the lender                | 404  404  200  404  404  401  404
GET    /v1/consents/:id                   | Alice's consent to another lender          | 404  404  404  200  404  401  404
GET    /v1/settings/jurisdiction          | -                                          | 200  403  403  403  403  401  403
PUT    /v1/settings/jurisdiction          | the profile in force                       | 200  403  403  403  403  401  403
GET    /v1/audit/verify                   | -                                          | 200  403  403  403  200  401  403
GET    /v1/me/audit-events                | -                                          | 403  403  403  200  403  401  403
POST   /v1/consumers/enrolments           | someone not on file                        | 201  201  201  201  201  201  201
POST   /v1/consumers/enrolments/:id/answers | a fresh enrolment, wrong answers         | 422  422  422  422  422  422  422
POST   /v1/consumers/sessions             | Alice's login and password                 | 201  201  201  201  201  201  201
DELETE /v1/consumers/sessions/current     | the caller's own credential                | 404  404  404  204  404  401  404
GET    /v1/me                             | -                                          | 403  403  403  200  403  401  403
GET    /v1/me/file                        | -                                          | 403  403  403  200  403  401  403
POST   /v1/reports                        | Alice, with the caller's own consent       | 404  404  200  404  404  401  404
POST   /v1/reports                        | Alice, with another lender's consent       | 404  404  404  404  404  401  404
POST   /v1/reports                        | Bob, with a consent of Alice's             | 404  404  404  404  404  401  404
GET    /v1/me/inquiries                   | -                                          | 403  403  403  200  403  401  403
GET    /v1/inquiries                      | -                                          | 403  200  200  403  200  401  200
GET    /v1/attributes                     | -                                          | 200  200  200  200  200  401  200
GET    /v1/me/score                       | -                                          | 403  403  403  200  403  401  403
GET    /v1/me/alerts                      | -                                          | 403  403  403  200  403  401  403
POST   /v1/me/alerts                      | an initial alert                           | 403  403  403  201  403  401  403
DELETE /v1/me/alerts                      | -                                          | 403  403  403  200  403  401  403
DELETE /v1/me/alerts/:id                  | Alice's alert in force                     | 403  403  403  200  403  401  403
DELETE /v1/me/alerts/:id                  | Bob's alert in force                       | 403  403  403  404  403  401  403
GET    /v1/me/freeze                      | -                                          | 403  403  403  200  403  401  403
POST   /v1/me/freeze                      | -                                          | 403  403  403  201  403  401  403
DELETE /v1/me/freeze                      | -                                          | 403  403  403  200  403  401  403
`

interface Row {
  method: string
  path: string
  target: string
  expected: Record<Role, number>
}

function rowsOf(table: string): Row[] {
  const [head, ...lines] = table.trim().split('\n')
  assert.match(head!, /\| oper furn lend cons supv anon susp$/)
  return lines.map((line) => {
    const [route, target, statuses] = line.split('|').map((s) => s.trim())
    const [method, path] = route!.split(/\s+/)
    const codes = statuses!.split(/\s+/).map(Number)
    assert.equal(codes.length, ROLES.length, line)
    return {
      method: method!,
      path: path!,
      target: target!,
      expected: Object.fromEntries(ROLES.map((r, i) => [r, codes[i]!])) as Record<Role, number>,
    }
  })
}

/** Every `METHOD path` the server answers, read from its route tree (printRoutes joins parent and child labels). */
function serverRoutes(tree: string): string[] {
  const routes: string[] = []
  const stack: string[] = []
  for (const line of tree.split('\n').filter((l) => l.trim() !== '')) {
    const m = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line)
    assert.ok(m, `unexpected line in printRoutes: ${line}`)
    const depth = m[1]!.length / 4
    const path = (depth === 0 ? '' : stack[depth - 1]!) + m[2]!
    stack.length = depth
    stack[depth] = path
    for (const method of m[3]?.split(', ') ?? []) routes.push(`${method} ${path}`)
  }
  return routes
}

interface Request {
  params?: Record<string, string>
  url?: string
  payload?: unknown
  headers?: Record<string, string>
  /** Replaces the role's credential for this cell. */
  token?: string
}

function multipart(bytes: Uint8Array): Request {
  const boundary = 'access-matrix-boundary'
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="file.dat"\r\nContent-Type: application/octet-stream\r\n\r\n`
  return {
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}

/** How to ask each row, by `METHOD path | target`; a row without params or body needs none. */
function requests(w: World): Record<string, (role: Role, cell: number) => Request | Promise<Request>> {
  const consentIn =
    (
      state: 'pending' | 'active' | 'paused',
      who: 'alice' | 'bob',
      lender: 'lender-a' | 'lender-b' = 'lender-a',
    ) =>
    async () => ({
      params: { id: await w.consent(lender, who, state) },
    })
  const upload = (furnisher: (role: Role) => FurnisherId) => (role: Role, cell: number) =>
    multipart(metro2File(furnisher(role), [{ account: `NEW-${cell}` }]))
  const report = (who: 'alice' | 'bob', consentId: (role: Role) => string) => (role: Role) => ({
    payload: {
      nationalId: { type: 'us-ssn', value: w.people[who].ssn },
      purpose: 'account_review',
      consentId: consentId(role),
    },
  })
  const alice = w.principal('alice')
  return {
    'GET /docs/* | a static asset': () => ({ url: '/docs/static/swagger-ui.css' }),
    'POST /v1/members | a new member': (role) => ({
      payload: { id: `new-${role}`, name: 'New', kind: 'bank', roles: ['user'] },
    }),
    'GET /v1/members/:id | another member': () => ({ params: { id: 'furnisher-b' } }),
    'POST /v1/members/:id/suspend | the spare member': () => ({ params: { id: 'spare' } }),
    'POST /v1/members/:id/reactivate | the spare member': () => ({ params: { id: 'spare' } }),
    'POST /v1/members/:id/keys | the spare member': () => ({ params: { id: 'spare' } }),
    'GET /v1/members/:id/keys | the spare member': () => ({ params: { id: 'spare' } }),
    'POST /v1/keys/:keyId/rotate | a key of the spare member': async () => ({
      params: { keyId: await w.spareKey() },
    }),
    'DELETE /v1/keys/:keyId | a key of the spare member': async () => ({
      params: { keyId: await w.spareKey() },
    }),
    "POST /v1/furnishing/files | a file of the caller's own": upload((role) =>
      role === 'suspended' ? 'suspended' : 'furnisher-a',
    ),
    'POST /v1/furnishing/files | a file of another furnisher (*)': upload(() => 'furnisher-b'),
    "GET /v1/furnishing/files/:id | the furnisher's own batch": () => ({ params: { id: w.batches.own } }),
    "GET /v1/furnishing/files/:id | another furnisher's batch": () => ({ params: { id: w.batches.other } }),
    'POST /v1/consents | a request for Alice': () => ({
      payload: {
        nationalId: { type: 'us-ssn', value: w.people.alice.ssn },
        purpose: 'account_review',
        categories: ['accounts'],
        validTo: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        mode: 'view_once',
      },
    }),
    "POST /v1/consents/:id/approve | Alice's pending request from the lender": consentIn('pending', 'alice'),
    "POST /v1/consents/:id/approve | Bob's pending request from the lender": consentIn('pending', 'bob'),
    "POST /v1/consents/:id/reject | Alice's pending request from the lender": consentIn('pending', 'alice'),
    "POST /v1/consents/:id/reject | Bob's pending request from the lender": consentIn('pending', 'bob'),
    "POST /v1/consents/:id/pause | Alice's active consent to the lender": consentIn('active', 'alice'),
    "POST /v1/consents/:id/pause | Bob's active consent to the lender": consentIn('active', 'bob'),
    "POST /v1/consents/:id/resume | Alice's paused consent to the lender": consentIn('paused', 'alice'),
    "POST /v1/consents/:id/resume | Bob's paused consent to the lender": consentIn('paused', 'bob'),
    "POST /v1/consents/:id/revoke | Alice's active consent to the lender": consentIn('active', 'alice'),
    "POST /v1/consents/:id/revoke | Bob's active consent to the lender": consentIn('active', 'bob'),
    "POST /v1/consents/:id/revoke | Alice's active consent to another lender": consentIn(
      'active',
      'alice',
      'lender-b',
    ),
    "GET /v1/consents/:id | Alice's consent to the lender": () => ({
      params: { id: w.consents.aliceLender },
    }),
    "GET /v1/consents/:id | Bob's consent to the lender": () => ({ params: { id: w.consents.bobLender } }),
    "GET /v1/consents/:id | Alice's consent to another lender": () => ({
      params: { id: w.consents.aliceLenderB },
    }),
    'PUT /v1/settings/jurisdiction | the profile in force': () => ({ payload: { code: 'HU-KHR' } }),
    'POST /v1/consumers/enrolments | someone not on file': (_role, cell) => ({
      payload: {
        nationalId: { type: 'us-ssn', value: `456-78-${String(1000 + cell)}` },
        surname: 'X',
        firstName: 'Y',
        birthDate: '1990-01-01',
      },
    }),
    'POST /v1/consumers/enrolments/:id/answers | a fresh enrolment, wrong answers': async (_role, cell) => {
      const e = await w.mods.consumers.startEnrolment({
        nationalId: { type: 'us-ssn', value: `567-89-${String(1000 + cell)}` },
        surname: 'X',
        firstName: 'Y',
        birthDate: '1990-01-01',
      })
      return {
        params: { id: e.id },
        payload: {
          answers: { lender: 'a', yearOpened: 'a', balance: 'a' },
          login: `x${cell}`,
          password: PASSWORD,
        },
      }
    },
    "POST /v1/consumers/sessions | Alice's login and password": () => ({
      payload: { login: 'alice', password: PASSWORD },
    }),
    "DELETE /v1/consumers/sessions/current | the caller's own credential": async (role) =>
      role === 'consumer' ? { token: await w.session() } : {},
    "POST /v1/reports | Alice, with the caller's own consent": report('alice', (role) =>
      role === 'suspended' ? w.consents.aliceSuspended : w.consents.aliceLender,
    ),
    "POST /v1/reports | Alice, with another lender's consent": report('alice', () => w.consents.aliceLenderB),
    "POST /v1/reports | Bob, with a consent of Alice's": report('bob', () => w.consents.aliceLender),
    'POST /v1/me/alerts | an initial alert': async () => {
      await w.mods.rights.removeAlerts(alice)
      return { payload: { kind: 'initial' } }
    },
    "DELETE /v1/me/alerts/:id | Alice's alert in force": async () => {
      await w.mods.rights.removeAlerts(alice)
      return { params: { id: (await w.mods.rights.placeAlert(alice, { kind: 'initial' })).id } }
    },
    "DELETE /v1/me/alerts/:id | Bob's alert in force": () => ({ params: { id: w.bobAlert } }),
    'POST /v1/me/freeze | -': async () => {
      await w.mods.rights.liftFreeze(alice)
      return {}
    },
    'DELETE /v1/me/freeze | -': async () => {
      await w.mods.rights.placeFreeze(alice)
      return {}
    },
  }
}

describe('access matrix: every route, every role', () => {
  const rows = rowsOf(MATRIX)
  let w: World
  let build: ReturnType<typeof requests>
  let cell = 0

  before(async () => {
    w = await openAccessWorld()
    build = requests(w)
  })
  after(() => w.dispose())

  it('has a row for every route of the server, and a route for every row', () => {
    const routes = serverRoutes(w.server.printRoutes({ commonPrefix: false }))
    const listed = new Set(rows.map((r) => `${r.method} ${r.path}`))
    const unlisted = routes.filter((r) => !r.startsWith('HEAD ') && !listed.has(r))
    assert.deepEqual(unlisted, [], 'routes without a row in the matrix')
    assert.deepEqual(
      [...listed].filter((r) => !routes.includes(r)),
      [],
      'rows naming no route of the server',
    )
    // HEAD is asked with every GET row; a HEAD route without its GET would go unchecked.
    const heads = routes.filter((r) => r.startsWith('HEAD ')).map((r) => r.replace(/^HEAD /, 'GET '))
    assert.deepEqual(
      heads.filter((r) => !listed.has(r)),
      [],
      'HEAD routes without a GET row',
    )
    const keys = new Set(rows.map((r) => `${r.method} ${r.path} | ${r.target}`))
    assert.deepEqual(
      Object.keys(build).filter((k) => !keys.has(k)),
      [],
      'requests built for no row',
    )
    assert.equal(keys.size, rows.length, 'each row once')
  })

  for (const row of rows) {
    it(`${row.method} ${row.path}${row.target === '-' ? '' : ` (${row.target})`}`, async () => {
      const key = `${row.method} ${row.path} | ${row.target}`
      const wrong: string[] = []
      for (const role of ROLES) {
        const make = build[key]
        const req: Request = make === undefined ? {} : await make(role, cell++)
        const url =
          req.url ??
          row.path.replace(/:(\w+)/g, (_, name: string) => {
            const v = req.params?.[name]
            assert.ok(v !== undefined, `${key}: no value for :${name}`)
            return encodeURIComponent(v)
          })
        const token = req.token ?? w.tokens[role]
        const headers = {
          ...req.headers,
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        }
        const methods =
          row.method === 'GET' ? (['GET', 'HEAD'] as const) : [row.method as 'POST' | 'PUT' | 'DELETE']
        for (const method of methods) {
          const res = await w.server.inject({
            method,
            url,
            headers,
            ...(req.payload === undefined ? {} : { payload: req.payload as Buffer | object }),
          })
          if (res.statusCode !== row.expected[role])
            wrong.push(
              `${role} ${method}: ${res.statusCode}, expected ${row.expected[role]} ${method === 'HEAD' ? '' : res.body.slice(0, 160)}`,
            )
        }
      }
      assert.deepEqual(wrong, [])
    })
  }

  it("files a furnisher's upload under its own name and accepts none of another furnisher's records", async () => {
    const res = await w.server.inject({
      method: 'POST',
      url: '/v1/furnishing/files',
      ...withToken(multipart(metro2File('furnisher-b', [{ account: 'B-FOREIGN' }])), w.tokens.furnisher),
    })
    assert.equal(res.statusCode, 201)
    const r = res.json<{
      furnisherId: string
      counts: { accepted: number; rejected: number }
      issues: { rule: string }[]
    }>()
    assert.equal(r.furnisherId, 'furnisher-a')
    assert.deepEqual([r.counts.accepted, r.counts.rejected], [0, 1])
    assert.ok(r.issues.some((i) => i.rule === 'furnisher.identification_number'))
  })

  it("lists only the caller's own: consents, batches, inquiries, alerts, audit events", async () => {
    const get = async (url: string, token: string | undefined) => {
      const res = await w.server.inject({ url, headers: { authorization: `Bearer ${token}` } })
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`)
      return res.body
    }
    const lenderB = (await w.mods.members.createApiKey('lender-b')).key
    const bob = (await w.mods.consumers.signIn({ login: 'bob', password: PASSWORD })).token
    const read = await w.server.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: { authorization: `Bearer ${lenderB}` },
      payload: {
        nationalId: { type: 'us-ssn', value: w.people.alice.ssn },
        purpose: 'account_review',
        consentId: w.consents.aliceLenderB,
      },
    })
    assert.equal(read.statusCode, 200, read.body)
    const byLenderB = read.json<{ reportId: string }>().reportId
    const { aliceLender, bobLender, aliceLenderB } = w.consents
    const shows = (body: string, yes: string[], no: string[]) => {
      for (const s of yes) assert.ok(body.includes(s), `shows ${s}`)
      for (const s of no) assert.ok(!body.includes(s), `hides ${s}`)
    }
    shows(await get('/v1/consents', w.tokens.lender), [aliceLender, bobLender], [aliceLenderB])
    shows(await get('/v1/consents', w.tokens.consumer), [aliceLender, aliceLenderB], [bobLender])
    assert.equal(await get('/v1/consents', w.tokens.furnisher), '{"consents":[]}')
    assert.equal(await get('/v1/consents', w.tokens.supervisor), '{"consents":[]}')
    shows(await get('/v1/furnishing/files', w.tokens.furnisher), [w.batches.own], [w.batches.other])
    shows(await get('/v1/furnishing/files', w.tokens.operator), [w.batches.own, w.batches.other], [])
    shows(await get('/v1/inquiries', lenderB), [byLenderB], [])
    shows(await get('/v1/inquiries', w.tokens.lender), [], [byLenderB])
    shows(await get('/v1/me/inquiries', w.tokens.consumer), [byLenderB], [])
    shows(await get('/v1/me/inquiries', bob), [], [byLenderB])
    shows(await get('/v1/me/alerts', bob), [w.bobAlert], [])
    shows(await get('/v1/me/alerts', w.tokens.consumer), [], [w.bobAlert])
    shows(await get('/v1/me/audit-events?limit=500', bob), [w.bobAlert], [])
    shows(await get('/v1/me/audit-events?limit=500', w.tokens.consumer), [byLenderB], [w.bobAlert])
    shows(await get('/v1/me/file', w.tokens.consumer), [w.people.alice.surname], [w.people.bob.surname])
  })

  it('refuses operator routes to a suspended operator', async () => {
    await w.mods.members.add({
      id: 'old-operator',
      name: 'Old Operator',
      kind: 'bureau',
      roles: ['operator'],
      metro2Ids: [],
    })
    const key = (await w.mods.members.createApiKey('old-operator')).key
    await w.mods.members.suspend('old-operator')
    const res = await w.server.inject({ url: '/v1/members', headers: { authorization: `Bearer ${key}` } })
    assert.equal(res.statusCode, 403)
  })
})

function withToken(req: Request, token: string | undefined) {
  return { payload: req.payload as Buffer, headers: { ...req.headers, authorization: `Bearer ${token}` } }
}
