// How the access matrix asks each row (access-matrix.test.ts, rows in access-matrix.rows.ts): the params, body,
// headers or credential of a cell, keyed by `METHOD path | target` and built over the World, fresh for a cell
// that changes what it touches; and the multipart body of an upload.
import { metro2File, PASSWORD, type FurnisherId, type Role, type World } from './access-matrix.fixture.ts'

export interface Request {
  params?: Record<string, string>
  url?: string
  payload?: unknown
  headers?: Record<string, string>
  /** Replaces the role's credential for this cell. */
  token?: string
}

export function multipart(bytes: Uint8Array): Request {
  const boundary = 'access-matrix-boundary'
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="file.dat"\r\nContent-Type: application/octet-stream\r\n\r\n`
  return {
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}

/** How to ask each row, by `METHOD path | target`; a row without params or body needs none. */
export function requests(w: World): Record<string, (role: Role, cell: number) => Request | Promise<Request>> {
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
    'POST /v1/members/:id/metro2-ids | the spare member': (_role, cell) => ({
      params: { id: 'spare' },
      payload: { metro2Ids: [`SPARE${cell}`] },
    }),
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
    "GET /v1/furnishing/files | another furnisher's, named (?furnisher=)": () => ({
      url: '/v1/furnishing/files?furnisher=furnisher-b',
    }),
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
    // Kept as it is: the world signs Alice in with PASSWORD. The caller's own session stays.
    "POST /v1/me/password | Alice's own password, again": () => ({
      payload: { currentPassword: PASSWORD, newPassword: PASSWORD },
    }),
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
    'POST /v1/me/freeze/temporary-lift | a day from now': async () => {
      await w.mods.rights.placeFreeze(alice)
      return { payload: { until: new Date(Date.now() + 86_400_000).toISOString() } }
    },
  }
}
