// Who may do what, route by route: every route of the real server against every role, and against another
// member's or another consumer's data, each cell the HTTP status it must answer. The table and what its cells mean
// are in access-matrix.rows.ts, how each row is asked in access-matrix.requests.ts, and the world in
// access-matrix.fixture.ts. Routes are read from the Fastify instance itself, so a route added without a row
// fails this test. GET rows are asked with HEAD too. After the matrix, in the same world: a furnisher's upload of
// another furnisher's records, lists that show only the caller's own, and a suspended operator.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { metro2File, openAccessWorld, PASSWORD, ROLES, type World } from './access-matrix.fixture.ts'
import { multipart, requests, type Request } from './access-matrix.requests.ts'
import { MATRIX, rowsOf, type Row } from './access-matrix.rows.ts'

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

  const urlOf = (row: Row, req: Request) =>
    req.url ??
    row.path.replace(/:(\w+)/g, (_, name: string) => {
      const v = req.params?.[name]
      assert.ok(v !== undefined, `${row.method} ${row.path}: no value for :${name}`)
      return encodeURIComponent(v)
    })

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
        const url = urlOf(row, req)
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

  it('refuses an upload that carries two files, and stores nothing of either', async () => {
    const batches = async () => {
      const res = await w.server.inject({
        url: '/v1/furnishing/files',
        headers: { authorization: `Bearer ${w.tokens.furnisher}` },
      })
      return res.json<{ files: unknown[] }>().files.length
    }
    const before = await batches()
    const one = multipart(metro2File('furnisher-a', [{ account: 'A-TWICE' }]))
    const [head, tail] = [one.payload as Buffer, Buffer.from('\r\n--access-matrix-boundary--\r\n')]
    const file = head.subarray(0, head.length - tail.length)
    const res = await w.server.inject({
      method: 'POST',
      url: '/v1/furnishing/files',
      ...withToken(
        { ...one, payload: Buffer.concat([file, Buffer.from('\r\n'), file, tail]) },
        w.tokens.furnisher,
      ),
    })
    assert.deepEqual(
      [res.statusCode, res.json<{ error: { message: string } }>().error.message],
      [400, 'an upload carries exactly one file; this one carries more'],
    )
    assert.equal(await batches(), before)
  })

  it("lists only the caller's own: consents, batches, inquiries, alerts, audit events", async () => {
    const get = async (url: string, token: string | undefined) => {
      const res = await w.server.inject({ url, headers: { authorization: `Bearer ${token}` } })
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`)
      return res.body
    }
    // The matrix's freeze rows may leave Alice's file frozen, and lender B holds no account of hers (FCRA
    // §605A(i)(4)(A)): lifted, so that its account review below is answered.
    await w.mods.rights.liftFreeze(w.principal('alice'))
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
    // The matrix had Alice try to approve Bob's request: his log shows that another consumer did, not her key.
    shows(
      await get('/v1/me/audit-events?limit=500', bob),
      [w.bobAlert, '"id":"another consumer"'],
      [w.principal('alice').id],
    )
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
    // Every route that only the operator may use, asked as the operator asks it but with the suspended one's key.
    const operatorOnly = rows.filter(
      (r) =>
        r.expected.operator < 300 &&
        [r.expected.furnisher, r.expected.lender, r.expected.supervisor].every((c) => c === 403),
    )
    assert.ok(operatorOnly.some((r) => r.path === '/v1/settings/jurisdiction'))
    const allowed: string[] = []
    for (const row of operatorOnly) {
      const make = build[`${row.method} ${row.path} | ${row.target}`]
      const req: Request = make === undefined ? {} : await make('operator', cell++)
      const res = await w.server.inject({
        method: row.method as 'GET' | 'POST' | 'PUT' | 'DELETE',
        url: urlOf(row, req),
        headers: { ...req.headers, authorization: `Bearer ${key}` },
        ...(req.payload === undefined ? {} : { payload: req.payload as Buffer | object }),
      })
      if (res.statusCode !== 403) allowed.push(`${row.method} ${row.path}: ${res.statusCode}`)
    }
    assert.deepEqual(allowed, [])
  })
})

function withToken(req: Request, token: string | undefined) {
  return { payload: req.payload as Buffer, headers: { ...req.headers, authorization: `Bearer ${token}` } }
}
