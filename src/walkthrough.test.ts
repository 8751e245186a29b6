// The README walkthrough, run as written: every ```sh block of docs/walkthrough.md goes, in order, to one bash
// session (as a reader would type them into one terminal), against a real `openbureau serve` on a free loopback
// port in a fresh data folder. Each block has a check below, keyed by its `<!-- step: name -->` marker; a
// block without a check, or a check without a block, fails the test, so the walkthrough cannot drift.
import assert from 'node:assert/strict'
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { API_KEY_PATTERN } from './members/index.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const markdown = readFileSync(join(root, 'docs', 'walkthrough.md'), 'utf8')

interface Step {
  name: string
  script: string
}

/** The shell blocks of the walkthrough, each with the name its marker gives it. */
function stepsOf(md: string): Step[] {
  const steps = [...md.matchAll(/<!-- step: ([a-z-]+) -->\n+```sh\n([\s\S]*?)\n```/g)].map((m) => ({
    name: m[1]!,
    script: m[2]!,
  }))
  const blocks = md.match(/^```sh$/gm)?.length ?? 0
  assert.equal(steps.length, blocks, 'every ```sh block of the walkthrough has a <!-- step: name --> marker')
  return steps
}

/** One bash process fed block by block; each block's stdout is read up to a marker line the session prints. */
class ShellSession {
  private readonly bash: ChildProcessWithoutNullStreams
  private stdout = ''
  private stderr = ''
  private readonly marker = `__walkthrough_${randomBytes(6).toString('hex')}__`

  constructor(cwd: string, env: NodeJS.ProcessEnv) {
    this.bash = spawn('bash', ['--noprofile', '--norc'], { cwd, env })
    this.bash.stdout.setEncoding('utf8').on('data', (s: string) => (this.stdout += s))
    this.bash.stderr.setEncoding('utf8').on('data', (s: string) => (this.stderr += s))
    // A terminal's job control: `cmd &` gets its own process group and `kill %1` signals all of it.
    this.bash.stdin.write('set -m\n')
  }

  /** Runs a script; its stdout, the status of its last command, and its stderr (for failure messages). */
  async run(script: string, timeoutMs = 120_000): Promise<{ out: string; status: number; err: string }> {
    this.stdout = ''
    this.stderr = ''
    this.bash.stdin.write(`${script}\nprintf '\\n${this.marker} %d\\n' "$?"\n`)
    const end = new RegExp(`\\n?${this.marker} (\\d+)\\n$`)
    const started = Date.now()
    for (;;) {
      const m = end.exec(this.stdout)
      if (m) return { out: this.stdout.slice(0, m.index), status: Number(m[1]), err: this.stderr }
      if (this.bash.exitCode !== null) throw new Error(`bash exited: ${this.stderr}`)
      if (Date.now() - started > timeoutMs) throw new Error(`timed out: ${this.stdout}\n${this.stderr}`)
      await new Promise((r) => setTimeout(r, 25))
    }
  }

  /** A variable of the session, as the walkthrough left it. */
  async value(name: string): Promise<string> {
    return (await this.run(`printf '%s' "$${name}"`)).out
  }

  close(): void {
    this.bash.kill('SIGKILL')
  }
}

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  const { port } = s.address() as AddressInfo
  await new Promise((resolve) => s.close(resolve))
  return port
}

const jsonLines = (out: string) =>
  out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)

const missing = ['bash', 'curl', 'jq'].filter((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0)

describe(
  'the README walkthrough (docs/walkthrough.md)',
  { skip: missing.length > 0 && `needs ${missing.join(', ')}` },
  () => {
    const steps = stepsOf(markdown)
    const dataDir = mkdtempSync(join(tmpdir(), 'ob-walkthrough-'))
    let shell: ShellSession
    let api = ''
    let serverGroup: number | undefined
    // What earlier steps showed, for the checks of later ones.
    const seen: { accounts: Record<string, unknown>[]; consentId: string; consumerKey: string } = {
      accounts: [],
      consentId: '',
      consumerKey: '',
    }
    const get = (path: string, token: string) =>
      fetch(`${api}${path}`, { headers: { authorization: `Bearer ${token}` } })

    type Check = (r: { out: string; status: number }) => Promise<void> | void
    const checks: Record<string, Check> = {
      setup: async (r) => {
        assert.equal(r.out, '')
        assert.equal(await shell.value('API'), api)
      },
      operator: async (r) => {
        assert.match(r.out, /bureau\s+The Bureau\s+bureau\s+operator\s+active/)
        assert.match(r.out, /jurisdiction profile set to HU-KHR/)
        assert.match(await shell.value('OPERATOR_KEY'), API_KEY_PATTERN)
      },
      synth: (r) => {
        assert.match(r.out, /wrote 1 Metro 2 files/)
        const records = jsonLines(r.out)
        const first = records[0]
        assert.deepEqual(
          [first?.['surname'], first?.['firstName'], first?.['socialSecurityNumber'], first?.['dateBirth']],
          ['PETERSON', 'MATTHEW', 801263579, '1994-08-31T00:00:00Z'],
        )
        seen.accounts = records.filter((x) => x['socialSecurityNumber'] === first?.['socialSecurityNumber'])
        // What the prose says of his most recently opened account is what the file holds.
        const latest = [...seen.accounts].sort((a, b) =>
          String(b['dateOpened']).localeCompare(String(a['dateOpened'])),
        )[0]
        const year = String(latest?.['dateOpened']).slice(0, 4)
        const balance = Number(latest?.['currentBalance']).toLocaleString('en-US')
        assert.match(markdown, new RegExp(`opened in ${year} and has a balance of ${balance}`))
        assert.match(markdown, /--arg yearOpened (\d{4})/)
        assert.equal(/--arg yearOpened (\d{4})/.exec(markdown)?.[1], year)
      },
      serve: async (r) => {
        assert.equal(r.status, 0)
        const health = await fetch(`${api}/health`)
        assert.deepEqual([health.status, await health.json()], [200, { status: 'ok' }])
        serverGroup = Number((await shell.run('jobs -p')).out.trim())
        assert.ok(serverGroup > 0)
      },
      members: async (r) => {
        const added = jsonLines(r.out)
        assert.deepEqual(
          added.map((m) => [m['id'], m['roles'], m['status']]),
          [
            ['acme-lending', ['user'], 'active'],
            ['northwind', ['furnisher'], 'active'],
          ],
        )
        for (const [variable, id] of [
          ['LENDER_KEY', 'acme-lending'],
          ['FURNISHER_KEY', 'northwind'],
        ] as const) {
          const key = await shell.value(variable)
          assert.match(key, API_KEY_PATTERN)
          assert.equal(((await (await get('/v1/members/me', key)).json()) as { id: string }).id, id)
        }
      },
      upload: (r) => {
        const manifest = JSON.parse(readFileSync(join(dataDir, 'files', 'manifest.json'), 'utf8')) as {
          totals: { records: number }
        }
        const { status, counts } = JSON.parse(r.out) as { status: string; counts: Record<string, number> }
        assert.equal(status, 'applied')
        assert.deepEqual(
          [counts['records'], counts['accepted'], counts['rejected']],
          [manifest.totals.records, manifest.totals.records, 0],
        )
      },
      enrol: (r) => {
        assert.match(
          r.out,
          /Which of these lenders holds your most recently opened credit account\?\n(.*\n)*\s+[a-d]\) Northwind Bank\n/,
        )
        assert.match(r.out, /most recently opened credit account\?\n(.*\n)*\s+[a-d]\) 2023\n/)
        assert.match(r.out, /balance of that account in\?\n(.*\n)*\s+[a-d]\) 10,000 or more\n/)
      },
      answer: async (r) => {
        const enrolled = JSON.parse(r.out) as { consumerKey: string; login: string }
        assert.equal(enrolled.login, 'matthew')
        const session = await shell.value('SESSION')
        assert.match(session, /^cs_/)
        const me = (await (await get('/v1/me', session)).json()) as { consumerKey: string }
        assert.equal(me.consumerKey, enrolled.consumerKey)
        seen.consumerKey = enrolled.consumerKey
      },
      'request-consent': (r) => {
        const receipt = JSON.parse(r.out) as { id: string; status: string }
        assert.equal(receipt.status, 'pending')
        seen.consentId = receipt.id
      },
      approve: async (r) => {
        const [pending, approved, ...rest] = jsonLines(r.out)
        assert.deepEqual(rest, [])
        assert.deepEqual(pending, {
          id: seen.consentId,
          memberId: 'acme-lending',
          purpose: 'credit_application',
          categories: ['identity', 'accounts', 'payment_history', 'inquiries'],
        })
        assert.deepEqual(approved, { id: seen.consentId, status: 'active' })
        assert.equal(await shell.value('CONSENT'), seen.consentId)
      },
      report: (r) => {
        const report = JSON.parse(r.out) as {
          legalGround: string
          categories: string[]
          name: { surname: string; firstName: string }
          tradelines: { lender: string; opened: string; balance: number }[]
        }
        assert.match(report.legalGround, new RegExp(`KHR Act.*; consent ${seen.consentId}$`))
        assert.deepEqual(report.categories, ['identity', 'accounts', 'payment_history', 'inquiries'])
        assert.deepEqual([report.name.surname, report.name.firstName], ['PETERSON', 'MATTHEW'])
        assert.deepEqual(
          report.tradelines.map((t) => [t.lender, t.opened, t.balance]).sort(),
          seen.accounts
            .map((a) => ['Northwind Bank', String(a['dateOpened']).slice(0, 10), a['currentBalance']])
            .sort(),
        )
      },
      inquiries: (r) => {
        const lines = jsonLines(r.out)
        assert.equal(lines.length, 1)
        assert.deepEqual(
          [lines[0]?.['member'], lines[0]?.['purpose'], lines[0]?.['hard']],
          ['Acme Lending', 'credit_application', true],
        )
        assert.match(String(lines[0]?.['legalGround']), new RegExp(`consent ${seen.consentId}$`))
      },
      revoke: async (r) => {
        assert.deepEqual(JSON.parse(r.out), { id: seen.consentId, status: 'revoked' })
        const asLender = await get(`/v1/consents/${seen.consentId}`, await shell.value('LENDER_KEY'))
        assert.equal(((await asLender.json()) as { status: string }).status, 'revoked')
      },
      refused: async (r) => {
        const m = /^(\{.*\}) HTTP (\d{3})\n$/.exec(r.out)
        assert.ok(m, r.out)
        assert.equal(m[2], '404')
        // Exactly what a consumer who is on no file gets.
        const unknown = await fetch(`${api}/v1/reports`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await shell.value('LENDER_KEY')}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            nationalId: { type: 'us-ssn', value: '234-56-7890' },
            purpose: 'credit_application',
          }),
        })
        const body = (await unknown.json()) as { error: unknown }
        assert.equal(unknown.status, 404)
        assert.deepEqual((JSON.parse(m[1]!) as { error: unknown }).error, body.error)
      },
      audit: (r) => {
        const [refusal] = jsonLines(r.out)
        assert.deepEqual(
          [refusal?.['action'], refusal?.['actor'], refusal?.['outcome']],
          ['report.refused', 'acme-lending', 'refused'],
        )
        assert.equal(refusal?.['reason'], `consent ${seen.consentId} is revoked`)
      },
      stop: async (r) => {
        assert.equal(r.status, 0)
        // A graceful stop: the server stops answering, then closes the database and releases its lock.
        const lock = join(dataDir, 'pgdata', 'openbureau.lock')
        const answers = () =>
          fetch(`${api}/health`).then(
            () => true,
            () => false,
          )
        const deadline = Date.now() + 20_000
        while (((await answers()) || existsSync(lock)) && Date.now() < deadline)
          await new Promise((res) => setTimeout(res, 200))
        assert.equal(await answers(), false, 'the server stopped')
        assert.equal(existsSync(lock), false, 'the embedded database was closed')
      },
    }

    before(async () => {
      const port = await freePort()
      api = `http://127.0.0.1:${port}`
      // Only what the walkthrough itself sets: no database server, profile or port of the test run leaks in.
      const env = Object.fromEntries(
        Object.entries(process.env).filter(
          ([k]) =>
            !/^(OPENBUREAU_.*|DATABASE_URL|PORT|HOST|LOG_LEVEL|NODE_TEST_CONTEXT|NODE_OPTIONS)$/.test(k),
        ),
      )
      shell = new ShellSession(root, { ...env, OPENBUREAU_DATA_DIR: dataDir, PORT: String(port) })
    })

    after(async () => {
      // Whatever a failed step left running: the server's process group, then the shell.
      if (serverGroup !== undefined) {
        try {
          process.kill(-serverGroup, 'SIGTERM')
        } catch {
          // already gone
        }
      }
      shell?.close()
      await new Promise((r) => setTimeout(r, 500))
      rmSync(dataDir, { recursive: true, force: true })
    })

    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const heading = markdown.split('\n', 1)[0]!
    it(
      'is in the README word for word, once pasted there',
      { skip: !readme.includes(heading) && 'the README has no walkthrough yet' },
      () => {
        const from = readme.indexOf(heading)
        const next = readme.slice(from + heading.length).search(/^## /m)
        const section = next < 0 ? readme.slice(from) : readme.slice(from, from + heading.length + next)
        assert.equal(section.trimEnd(), markdown.trimEnd())
      },
    )

    it('has a check for every step, in the order of the walkthrough', () => {
      assert.deepEqual(
        steps.map((s) => s.name),
        Object.keys(checks),
      )
    })

    for (const step of steps) {
      it(`step ${step.name}`, { timeout: 180_000 }, async () => {
        const r = await shell.run(step.script)
        const check = checks[step.name]
        assert.ok(check, `no check for step ${step.name}`)
        try {
          await check(r)
        } catch (e) {
          throw new Error(
            `step ${step.name}: ${e instanceof Error ? e.message : String(e)}\nstdout:\n${r.out}\nstderr:\n${r.err}`,
            { cause: e },
          )
        }
      })
    }
  },
)
