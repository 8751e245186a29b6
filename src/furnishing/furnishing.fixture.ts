// A real server over a fresh database for the furnishing routes' tests: the operator `bureau`, the furnishers
// asked for, a key for each, and the multipart body of an upload.
import type { LightMyRequestResponse } from 'fastify'
import { createModules, type Modules } from '../modules.ts'
import { testApp } from '../app.fixture.ts'
import type { HttpServer } from '../platform/http/index.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { buildServer } from '../server.ts'

export const boundary = 'furnishing-boundary'
const head = (name: string) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="file.dat"\r\n` +
  'Content-Type: application/octet-stream\r\n\r\n'

/** A multipart body of one part `name` holding the bytes, and `extra` parts after it. */
export function body(bytes: Uint8Array, name = 'file', extra = ''): Buffer {
  return Buffer.concat([Buffer.from(head(name)), bytes, Buffer.from(`\r\n${extra}--${boundary}--\r\n`)])
}

export interface FurnishingWorld {
  db: TestDb
  mods: Modules
  server: HttpServer
  /** The authorization header of each member: the operator `bureau` and the furnishers. */
  tokens: Record<string, { authorization: string }>
  /** POST /v1/furnishing/files as this member, the query (`?furnisher=...`) as given. */
  upload(who: string, payload: Buffer, query?: string): Promise<LightMyRequestResponse>
  dispose(): Promise<void>
}

/** A server over a fresh database with the operator `bureau` and these furnishers (id, Metro 2 number). */
export async function openFurnishingWorld(
  env: Record<string, string>,
  furnishers: readonly (readonly [string, string])[],
): Promise<FurnishingWorld> {
  const db: TestDb = await openTestDb()
  const app = testApp(db, env)
  const mods = createModules(app)
  await mods.members.add({
    id: 'bureau',
    name: 'The Bureau',
    kind: 'bureau',
    roles: ['operator'],
    metro2Ids: [],
  })
  for (const [id, metro2] of furnishers)
    await mods.members.add({ id, name: id, kind: 'bank', roles: ['furnisher'], metro2Ids: [metro2] })
  const tokens: Record<string, { authorization: string }> = {}
  for (const id of ['bureau', ...furnishers.map(([id]) => id)])
    tokens[id] = { authorization: `Bearer ${(await mods.members.createApiKey(id)).key}` }
  const server = await buildServer(app, mods, { rateLimit: false, logRequests: false })
  return {
    db,
    mods,
    server,
    tokens,
    upload: (who, payload, query = '') =>
      server.inject({
        method: 'POST',
        url: `/v1/furnishing/files${query}`,
        headers: { ...tokens[who], 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      }),
    async dispose() {
      await server.close()
      await mods.close()
      await db.dispose()
    },
  }
}
