// The load generator of the HTTP benchmark, in a process of its own (apart from the server): CLIENTS closed-loop
// clients, each on its own keep-alive connection, each sending its next request when the last one answered,
// for WARMUP seconds unmeasured and DURATION seconds measured. Consumers are drawn at random from the sample.
//   http-load.ts http URL API_KEY SAMPLE SCENARIO CLIENTS DURATION WARMUP
//     POST /v1/reports: SCENARIO fcra = a US-FCRA credit application (no consent); consent = an employment
//     check, which needs consent, presenting the consumer's approved consent.
//   http-load.ts sql DATABASE_URL SAMPLE CLIENTS POOL DURATION WARMUP
//     The limit: the bare SELECTs that fetch the same consumer's rows (the national-ID token lookup, the
//     tradelines with their snapshots, the inquiries) over pg, one connection per request from a pool of POOL.
// Prints one JSON line: requests and rate in the measured window, p50 and p99 latency, errors.
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import pg from 'pg'
import { emit } from './common.ts'

export interface SampleFile {
  people: { ssn: string; token: string; consentId: string | null }[]
}

const [mode, ...args] = process.argv.slice(2)

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
}

/** Runs `clients` loops of `once` for warmup + duration seconds; measures the requests wholly inside the window. */
async function drive(
  clients: number,
  duration: number,
  warmup: number,
  once: (i: number) => Promise<boolean>,
) {
  const begin = performance.now()
  const from = begin + warmup * 1000
  const to = from + duration * 1000
  const latencies: number[] = []
  let errors = 0
  let ok = 0
  let n = 0
  const loop = async () => {
    while (performance.now() < to) {
      const start = performance.now()
      const good = await once(n++)
      const end = performance.now()
      if (good) ok++
      if (start >= from && end <= to) {
        latencies.push(end - start)
        if (!good) errors++
      }
    }
  }
  await Promise.all(Array.from({ length: clients }, loop))
  latencies.sort((a, b) => a - b)
  const cpu = process.cpuUsage()
  return {
    clients,
    seconds: duration,
    requests: latencies.length,
    perSecond: latencies.length / duration,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    errors,
    okTotal: ok,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  }
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!

if (mode === 'http') {
  const [url, key, sampleFile, scenario, clients, duration, warmup] = args
  if (!url || !key || !sampleFile || (scenario !== 'fcra' && scenario !== 'consent'))
    throw new Error('usage: http-load.ts http URL API_KEY SAMPLE fcra|consent CLIENTS DURATION WARMUP')
  const people = (JSON.parse(readFileSync(sampleFile, 'utf8')) as SampleFile).people.filter(
    (p) => scenario === 'fcra' || p.consentId !== null,
  )
  const agent = new Agent({ keepAlive: true, maxSockets: Number(clients) })
  let firstError: string | undefined
  const post = (body: string) =>
    new Promise<boolean>((resolve, reject) => {
      const req = request(
        `${url}/v1/reports`,
        {
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            if (res.statusCode !== 200) firstError ??= `${res.statusCode} ${Buffer.concat(chunks).toString()}`
            resolve(res.statusCode === 200)
          })
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      req.end(body)
    })
  const result = await drive(Number(clients), Number(duration), Number(warmup), () => {
    const p = pick(people)
    const body =
      scenario === 'fcra'
        ? { nationalId: { type: 'us-ssn', value: p.ssn }, purpose: 'credit_application' }
        : { nationalId: { type: 'us-ssn', value: p.ssn }, purpose: 'employment', consentId: p.consentId }
    return post(JSON.stringify(body))
  })
  agent.destroy()
  emit({ mode, scenario, ...result, firstError })
} else if (mode === 'sql') {
  const [dbUrl, sampleFile, clients, poolSize, duration, warmup] = args
  if (!dbUrl || !sampleFile)
    throw new Error('usage: http-load.ts sql DATABASE_URL SAMPLE CLIENTS POOL DURATION WARMUP')
  const people = (JSON.parse(readFileSync(sampleFile, 'utf8')) as SampleFile).people.map((p) =>
    Buffer.from(p.token, 'hex'),
  )
  const pool = new pg.Pool({ connectionString: dbUrl, max: Number(poolSize) })
  let firstError: string | undefined
  const result = await drive(Number(clients), Number(duration), Number(warmup), async () => {
    const c = await pool.connect()
    try {
      const id = await c.query<{ consumer_key: string }>(
        'select consumer_key from id_tokens where id_token = $1',
        [pick(people)],
      )
      const key = id.rows[0]?.consumer_key
      if (key === undefined) throw new Error('a sampled national ID is on no file')
      await c.query(
        `select t.*, s.* from tradelines t
           join tradeline_snapshots s on s.consumer_key = t.consumer_key and s.tradeline_id = t.tradeline_id
          where t.consumer_key = $1`,
        [key],
      )
      await c.query('select * from inquiries where consumer_key = $1', [key])
      return true
    } catch (e) {
      firstError ??= e instanceof Error ? e.message : String(e)
      return false
    } finally {
      c.release()
    }
  })
  await pool.end()
  emit({ mode, ...result, firstError })
} else {
  throw new Error('usage: http-load.ts http|sql ...')
}
