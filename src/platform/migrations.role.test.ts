// A role that may read and write the tables but not change the schema (no CREATE on it) runs every command:
// each command migrates first, and with nothing pending that only reads. With something pending, it is told in
// one line to have the owner migrate, rather than a stack trace.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { isAppError } from './errors.ts'
import { migrate, MIGRATIONS_DIR } from './migrations.ts'
import { openPostgres } from './postgres-db.ts'
import { openTestDb, testingOnServer, type TestDb } from './testing.ts'

describe(
  'migrations run by a role that may not change the schema',
  { skip: !testingOnServer && "roles and their rights are a server's: PGlite has one user" },
  () => {
    const role = `ob_rw_${randomBytes(6).toString('hex')}`
    let db: TestDb
    let roleUrl: string
    const asOwner = async (text: string) => {
      const c = new pg.Client({ connectionString: db.url })
      await c.connect()
      try {
        await c.query(text)
      } finally {
        await c.end()
      }
    }
    before(async () => {
      db = await openTestDb()
      await asOwner(`
        create role ${role} login;
        revoke create on schema public from public;
        grant usage on schema public to ${role};
        grant select, insert, update, delete on all tables in schema public to ${role};
        grant usage, select on all sequences in schema public to ${role};`)
      const url = new URL(db.url!)
      url.username = role
      url.password = ''
      roleUrl = url.toString()
    })
    after(async () => {
      await db.dispose()
      // The database, and the rights granted in it, are gone: the role owns nothing else.
      const c = new pg.Client({ connectionString: process.env['DATABASE_URL'] })
      await c.connect()
      await c.query(`drop role if exists ${role}`)
      await c.end()
    })

    it('applies nothing and reads and writes the tables when every migration is applied', async () => {
      const rw = await openPostgres(roleUrl, 1)
      try {
        assert.deepEqual(await migrate(rw), { applied: [] })
        await rw.transaction(async ({ raw }) => {
          await raw.query(
            `insert into members (member_id, name, kind, roles) values ('rw-bank', 'RW Bank', 'bank', array['user'])`,
          )
          assert.equal((await raw.query('select 1 from members')).rows.length, 1)
        })
      } finally {
        await rw.close()
      }
    })

    it('names the role and says to migrate as the owner when a migration is pending', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ob-migrations-'))
      const rw = await openPostgres(roleUrl, 1)
      try {
        for (const f of readdirSync(MIGRATIONS_DIR)) copyFileSync(join(MIGRATIONS_DIR, f), join(dir, f))
        writeFileSync(join(dir, '9999_later.sql'), 'create table later (id int primary key);')
        await assert.rejects(
          migrate(rw, dir),
          (e: unknown) =>
            isAppError(e) &&
            e.code === 'invalid_input' &&
            e.message ===
              `the database role "${role}" cannot apply migration 9999_later (permission denied for schema public): it lacks CREATE on the schema, or does not own the tables; run \`openbureau migrate\` as the database owner`,
        )
      } finally {
        await rw.close()
        rmSync(dir, { recursive: true, force: true })
      }
    })

    it('ends a command with that one line and exit 2 on a database not yet migrated', async () => {
      await asOwner('drop table schema_migrations')
      const child = spawn(process.execPath, ['bin/openbureau.mjs', 'batches'], {
        cwd: join(import.meta.dirname, '..', '..'),
        env: { ...process.env, DATABASE_URL: roleUrl },
      })
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      const [status] = (await once(child, 'close')) as [number | null]
      assert.equal(status, 2, stderr)
      assert.equal(
        stderr,
        `openbureau: the database role "${role}" cannot create the table schema_migrations (permission denied for schema public): it lacks CREATE on the schema, or does not own the tables; run \`openbureau migrate\` as the database owner\n`,
      )
    })
  },
)
