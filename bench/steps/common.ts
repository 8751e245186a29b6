// Shared by the benchmark steps: each step runs in its own process, so that its peak memory is its own,
// and prints one JSON line with its figures.
import { cpus, totalmem } from 'node:os'
import pg from 'pg'

export const ADMIN_URL =
  process.env['BENCH_DATABASE_URL'] ??
  process.env['DATABASE_URL'] ??
  'postgres://postgres@127.0.0.1:5432/postgres'

export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024)
}

export function emit(result: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ ...result, peakRssMb: peakRssMb() }) + '\n')
}

export function machine(): string {
  const cpu = cpus()
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
}

export async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

export function urlFor(db: string): string {
  const u = new URL(ADMIN_URL)
  u.pathname = `/${db}`
  return u.toString()
}

export async function freshDatabase(prefix: string): Promise<string> {
  const name = `${prefix}_${Date.now().toString(36)}`
  await withAdmin((c) => c.query(`create database ${name}`))
  return name
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`drop database if exists ${name} with (force)`))
}

export const seconds = (startNs: bigint): number => Number(process.hrtime.bigint() - startNs) / 1e9
