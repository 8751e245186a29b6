// The environment, parsed once (STYLE.md "Config"). loadConfig is pure: it reads only the object it is
// given, reports every bad variable at once, and returns a frozen object that is passed down.
// Secrets have no default: only the demo profile may generate its own, kept in the data folder, never in
// the database (DESIGN.md principle 4).
import { randomBytes, generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { z } from 'zod'

const base64Key = (bytes: number, exact: boolean) =>
  z.string().transform((s, ctx) => {
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

const jurisdictions = ['US-FCRA', 'CN-PBOC', 'HU-KHR', 'DE-SCHUFA', 'EU-GDPR'] as const
export type JurisdictionCode = (typeof jurisdictions)[number]

const envSchema = z.object({
  OPENBUREAU_PROFILE: z.enum(['demo', 'production']).default('demo'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  OPENBUREAU_DATA_DIR: z.string().min(1).default('./.openbureau'),
  OPENBUREAU_DB_POOL: z.coerce.number().int().min(1).max(200).default(10),
  OPENBUREAU_TOKEN_KEY: base64Key(32, false).optional(),
  OPENBUREAU_MASTER_KEY: base64Key(32, true).optional(),
  OPENBUREAU_SIGNING_KEY: z
    .string()
    .regex(/-----BEGIN PRIVATE KEY-----/, 'must be an Ed25519 private key in PKCS#8 PEM')
    .optional(),
  OPENBUREAU_JURISDICTION: z.enum(jurisdictions).default('US-FCRA'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  readonly secrets: Partial<Secrets>
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))
  }
  const e = parsed.data
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
    stored = JSON.parse(readFileSync(file, 'utf8')) as typeof stored
  } else {
    const fresh = generateSecrets()
    stored = {
      tokenKey: fresh.tokenKey.toString('base64'),
      masterKey: fresh.masterKey.toString('base64'),
      signingKey: fresh.signingKey,
    }
    mkdirSync(config.dataDir, { recursive: true })
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 })
  }
  return {
    tokenKey: given.tokenKey ?? Buffer.from(stored.tokenKey, 'base64'),
    masterKey: given.masterKey ?? Buffer.from(stored.masterKey, 'base64'),
    signingKey: given.signingKey ?? stored.signingKey,
  }
}
