// The environment, parsed once (STYLE.md "Config"). loadConfig is pure: it reads only the object it is
// given, reports every bad variable at once, and returns a frozen object that is passed down.
// Secrets have no default: only the demo profile may generate its own, kept in the data folder, never in
// the database (DESIGN.md principle 4).
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { jsonErrorKind } from './platform/json-error.ts'

// Standard base64 only (RFC 4648 §4), padded: Buffer.from(s, 'base64') skips what it cannot read, so a hex key or
// a key with a stray character was taken as other bytes without a word (found by probing).
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

const base64Key = (bytes: number, exact: boolean) =>
  z.string().transform((s, ctx) => {
    if (!BASE64.test(s)) {
      ctx.addIssue({ code: 'custom', message: 'must be standard base64 (A-Z a-z 0-9 + /, padded with =)' })
      return z.NEVER
    }
    const buf = Buffer.from(s, 'base64')
    if (exact ? buf.length !== bytes : buf.length < bytes) {
      ctx.addIssue({
        code: 'custom',
        message: `must be base64 of ${exact ? 'exactly' : 'at least'} ${bytes} bytes`,
      })
      return z.NEVER
    }
    return buf
  })

// Checked here, with the other settings, so that a wrong key is a configuration error (exit 2) naming the variable,
// not a failure while the modules are built.
const ed25519Pem = z
  .string()
  .regex(/-----BEGIN PRIVATE KEY-----/, 'must be an Ed25519 private key in PKCS#8 PEM')
  .refine((pem) => {
    try {
      return createPrivateKey(pem).asymmetricKeyType === 'ed25519'
    } catch {
      return false
    }
  }, 'must be an Ed25519 private key in PKCS#8 PEM (this one does not read as Ed25519)')

const jurisdictions = ['US-FCRA', 'CN-PBOC', 'HU-KHR', 'DE-SCHUFA', 'EU-GDPR'] as const
export type JurisdictionCode = (typeof jurisdictions)[number]

/**
 * A whole number written in decimal digits, from `min` to `max`: z.coerce would take '' and ' ' as 0, and '0xA1FA'
 * or '4.14e4' as numbers (found by probing: PORT= listened on a random port).
 */
const decimal = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number in decimal digits')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))

/** Whether the URL parses as the driver parses it (pg-connection-string uses the WHATWG URL parser). */
function parsesAsUrl(text: string): boolean {
  try {
    new URL(text)
    return true
  } catch {
    return false
  }
}

// Behind a load balancer every caller seems to come from its address, so anonymous callers share one rate-limit
// bucket and the log names the balancer (found by probing). The proxies to believe X-Forwarded-For from, by their
// addresses and CIDR ranges (proxy-addr's loopback, linklocal and uniquelocal too). Not "true", nor a count of
// hops: either would believe the header from any caller that reaches the server directly, who could then choose
// its own address and its own bucket (Fastify itself trusts no one for a bare hop count, lib/request.js).
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])
const isProxyAddress = (entry: string) => {
  const [address = '', prefix, ...rest] = entry.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128))
}
const trustedProxies = z.string().transform((text, ctx): string[] => {
  const entries = text.split(',').map((e) => e.trim())
  const bad = entries.filter((e) => !PROXY_NAMES.has(e) && !isProxyAddress(e))
  if (bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a comma-separated list of proxy addresses or CIDR ranges (or loopback, linklocal, uniquelocal); not ${bad.map((b) => JSON.stringify(b.slice(0, 40))).join(', ')}`,
    })
    return z.NEVER
  }
  return entries
})

const envSchema = z.object({
  OPENBUREAU_PROFILE: z.enum(['demo', 'production']).default('demo'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    // Found by probing: a port over 65535 or a broken host made the driver throw "Invalid URL", exit 70.
    .refine(parsesAsUrl, 'is not a URL that can be read (a host, and a port from 1 to 65535, if given)')
    .optional(),
  OPENBUREAU_DATA_DIR: z.string().min(1).default('./.openbureau'),
  OPENBUREAU_DB_POOL: decimal(1, 200).default(10),
  OPENBUREAU_TOKEN_KEY: base64Key(32, false).optional(),
  OPENBUREAU_MASTER_KEY: base64Key(32, true).optional(),
  OPENBUREAU_SIGNING_KEY: ed25519Pem.optional(),
  OPENBUREAU_JURISDICTION: z.enum(jurisdictions).default('US-FCRA'),
  // An empty HOST would listen on every interface (found by probing): that must be asked for as 0.0.0.0 or ::.
  HOST: z
    .string()
    .trim()
    .min(1, 'is empty; name an address (0.0.0.0 or :: for every interface)')
    .default('127.0.0.1'),
  PORT: decimal(0, 65535).default(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // The largest file POST /v1/furnishing/files takes; a larger one goes through `openbureau ingest`. Digits only,
  // as PORT: at least 1 KiB, at most 1 TiB.
  OPENBUREAU_UPLOAD_MAX_BYTES: decimal(1024, 1024 ** 4).default(2 * 1024 ** 3),
  // Uploads in flight at once in a process, each holding a database connection while its body arrives
  // (platform/http/upload-slots.ts). Default: see uploadConcurrency below.
  OPENBUREAU_UPLOAD_CONCURRENCY: decimal(1, 200).optional(),
  // The average below which an upload is abandoned after its first 60 s, in bytes a second (upload-pace.ts says
  // why 64 KiB/s); at least 1, so that the rule cannot be switched off and a trickle hold a connection for ever.
  OPENBUREAU_UPLOAD_MIN_RATE: decimal(1, 1024 ** 3).default(64 * 1024),
  // libpq's variable, which the JavaScript driver does not read: OpenBureau reads it for it, with libpq's meaning
  // (whole seconds; empty is unset), beside connect_timeout in DATABASE_URL (platform/postgres-db.ts).
  PGCONNECT_TIMEOUT: z
    .string()
    .regex(/^\s*([-+]?\d+)?\s*$/, 'must be a whole number of seconds')
    .optional(),
  OPENBUREAU_TRUST_PROXY: trustedProxies.optional(),
})

export interface Secrets {
  /** HMAC-SHA-256 key for national-ID tokens. */
  readonly tokenKey: Buffer
  /** AES-256 key that wraps each consumer's data key. */
  readonly masterKey: Buffer
  /** Ed25519 private key (PKCS#8 PEM) that signs consent artefacts. */
  readonly signingKey: string
}

export interface Config {
  readonly profile: 'demo' | 'production'
  readonly databaseUrl: string | undefined
  readonly dataDir: string
  readonly dbPoolSize: number
  readonly jurisdiction: JurisdictionCode
  readonly host: string
  readonly port: number
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** The largest file an HTTP upload may carry, in bytes (default 2 GiB). */
  readonly uploadMaxBytes: number
  /** HTTP uploads in flight at once in this process; the rest are answered 503. */
  readonly uploadConcurrency: number
  /** The lowest average rate of an HTTP upload after its grace period, in bytes a second (default 64 KiB). */
  readonly uploadMinRate: number
  /** PGCONNECT_TIMEOUT as given: the connect timeout when DATABASE_URL names none. */
  readonly pgConnectTimeout: string | undefined
  /** Which proxies' X-Forwarded-For to believe, by address or range; undefined for none. */
  readonly trustProxy: readonly string[] | undefined
  readonly secrets: Partial<Secrets>
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/**
 * How many uploads a process takes at once, or the problem with the number given. On a server, two connections of
 * the pool stay for everything else (reports, /health): the default is the pool less two, and a number given must
 * leave one. The embedded PGlite has one connection, which an upload's transaction holds while its body arrives:
 * there every request waits its turn in any case, and one upload at a time keeps that wait to one upload's, not
 * to all of them in a queue.
 */
function uploadConcurrency(e: z.infer<typeof envSchema>): number | string {
  const pool = e.DATABASE_URL === undefined ? 1 : e.OPENBUREAU_DB_POOL
  const given = e.OPENBUREAU_UPLOAD_CONCURRENCY
  if (given === undefined) return Math.max(1, pool - 2)
  // One upload at most where there is one connection (found by probing: 200 on PGlite, or 5 with a pool of 1,
  // were taken, each waiting for the one connection).
  if (e.DATABASE_URL === undefined && given > 1)
    return `OPENBUREAU_UPLOAD_CONCURRENCY: the embedded database has one connection, so at most 1 upload at once (${given} given)`
  if (given >= pool && given > 1)
    return `OPENBUREAU_UPLOAD_CONCURRENCY: must be below OPENBUREAU_DB_POOL (${pool}), so that other requests keep a connection while uploads arrive`
  return given
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))
  }
  const e = parsed.data
  const concurrency = uploadConcurrency(e)
  if (typeof concurrency === 'string') throw new ConfigError([concurrency])
  const secrets: { -readonly [K in keyof Secrets]?: Secrets[K] } = {}
  if (e.OPENBUREAU_TOKEN_KEY) secrets.tokenKey = e.OPENBUREAU_TOKEN_KEY
  if (e.OPENBUREAU_MASTER_KEY) secrets.masterKey = e.OPENBUREAU_MASTER_KEY
  if (e.OPENBUREAU_SIGNING_KEY) secrets.signingKey = e.OPENBUREAU_SIGNING_KEY
  if (e.OPENBUREAU_PROFILE === 'production') {
    const missing = (
      ['OPENBUREAU_TOKEN_KEY', 'OPENBUREAU_MASTER_KEY', 'OPENBUREAU_SIGNING_KEY', 'DATABASE_URL'] as const
    )
      .filter((k) => e[k] === undefined)
      .map((k) => `${k}: required in the production profile`)
    if (missing.length > 0) throw new ConfigError(missing)
  }
  return Object.freeze({
    profile: e.OPENBUREAU_PROFILE,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.OPENBUREAU_DATA_DIR),
    dbPoolSize: e.OPENBUREAU_DB_POOL,
    jurisdiction: e.OPENBUREAU_JURISDICTION,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    uploadMaxBytes: e.OPENBUREAU_UPLOAD_MAX_BYTES,
    uploadConcurrency: concurrency,
    uploadMinRate: e.OPENBUREAU_UPLOAD_MIN_RATE,
    pgConnectTimeout: e.PGCONNECT_TIMEOUT,
    trustProxy: e.OPENBUREAU_TRUST_PROXY,
    secrets: Object.freeze(secrets),
  })
}

/** Fresh random secrets; for the demo profile and for tests. */
export function generateSecrets(): Secrets {
  const { privateKey } = generateKeyPairSync('ed25519')
  return {
    tokenKey: randomBytes(32),
    masterKey: randomBytes(32),
    signingKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  }
}

const storedSecretsSchema = z.object({
  tokenKey: base64Key(32, false).transform((b) => b.toString('base64')),
  masterKey: base64Key(32, true).transform((b) => b.toString('base64')),
  signingKey: ed25519Pem,
})

/** The demo's stored secrets, each checked as its variable is: a damaged file is named, not a stack trace. */
function storedSecrets(file: string): { tokenKey: string; masterKey: string; signingKey: string } {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new ConfigError([`${file}: not JSON (${jsonErrorKind(e)})`])
  }
  const parsed = storedSecretsSchema.safeParse(json)
  if (!parsed.success)
    throw new ConfigError(
      parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(file)'}: ${i.message}`),
    )
  return parsed.data
}

/**
 * The secrets the process will use. In the demo profile a missing secret is generated once and kept in
 * `<dataDir>/secrets.json` (mode 0600) so that the embedded database stays readable across runs.
 */
export function resolveSecrets(config: Config): Secrets {
  const given = config.secrets
  if (given.tokenKey && given.masterKey && given.signingKey) {
    return { tokenKey: given.tokenKey, masterKey: given.masterKey, signingKey: given.signingKey }
  }
  if (config.profile !== 'demo') throw new ConfigError(['secrets: required in the production profile'])
  const file = join(config.dataDir, 'secrets.json')
  let stored: { tokenKey: string; masterKey: string; signingKey: string }
  if (existsSync(file)) {
    stored = storedSecrets(file)
  } else {
    const fresh = generateSecrets()
    stored = {
      tokenKey: fresh.tokenKey.toString('base64'),
      masterKey: fresh.masterKey.toString('base64'),
      signingKey: fresh.signingKey,
    }
    // Owner only: the folder holds the keys and, beside them, the embedded database (found by probing: 0755).
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 })
  }
  return {
    tokenKey: given.tokenKey ?? Buffer.from(stored.tokenKey, 'base64'),
    masterKey: given.masterKey ?? Buffer.from(stored.masterKey, 'base64'),
    signingKey: given.signingKey ?? stored.signingKey,
  }
}
