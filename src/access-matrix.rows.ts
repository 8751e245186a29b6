// The rows of the access matrix (access-matrix.test.ts): every route of the real server, the target it is asked
// about, and under each role the HTTP status it must answer. Each cell:
//   2xx  allowed (302: the docs page redirects to its folder)
//   401  no credential (the route is not public)
//   403  the role may not use the route
//   404  not found, or not the caller's: the two look the same (STYLE.md, Immich's access rule)
// (*) the upload is received as the caller's own batch, and every record that bears another furnisher's
//     identification number is rejected: see the test after the matrix in access-matrix.test.ts.
// How each row is asked is in access-matrix.requests.ts, keyed by `METHOD path | target`.
import assert from 'node:assert/strict'
import { ROLES, type Role } from './access-matrix.fixture.ts'

// Columns: operator, furnisher, lender (a member with the user role), consumer (enrolled, signed in), supervisor
// (a regulator), anonymous, and a suspended member that holds both member roles (furnisher and user).
export const MATRIX = `
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
POST   /v1/members/:id/metro2-ids         | the spare member                           | 200  403  403  403  403  401  403
POST   /v1/members/:id/keys               | the spare member                           | 201  403  403  403  403  401  403
GET    /v1/members/:id/keys               | the spare member                           | 200  403  403  403  403  401  403
POST   /v1/keys/:keyId/rotate             | a key of the spare member                  | 201  403  403  403  403  401  403
DELETE /v1/keys/:keyId                    | a key of the spare member                  | 204  403  403  403  403  401  403
POST   /v1/furnishing/files               | a file of the caller's own                 | 201  201  403  403  403  401  403
POST   /v1/furnishing/files               | a file of another furnisher (*)            | 201  201  403  403  403  401  403
GET    /v1/furnishing/files               | -                                          | 200  200  403  403  403  401  403
GET    /v1/furnishing/files               | another furnisher's, named (?furnisher=)   | 200  403  403  403  403  401  403
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
DELETE /v1/consumers/sessions/current     | the caller's own credential                | 403  403  403  204  403  401  403
GET    /v1/me                             | -                                          | 403  403  403  200  403  401  403
GET    /v1/me/file                        | -                                          | 403  403  403  200  403  401  403
DELETE /v1/me/sessions                    | -                                          | 403  403  403  200  403  401  403
POST   /v1/me/password                    | Alice's own password, again                | 403  403  403  200  403  401  403
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
POST   /v1/me/freeze/temporary-lift       | a day from now                             | 403  403  403  200  403  401  403
`

export interface Row {
  method: string
  path: string
  target: string
  expected: Record<Role, number>
}

export function rowsOf(table: string): Row[] {
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
