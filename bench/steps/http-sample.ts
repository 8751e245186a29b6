// The HTTP step's population and sample: the synthetic file of N accounts (generated once into bench/out), the
// SSNs drawn from it, and a helper that runs work for the sample a few at a time.
import { createReadStream, existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { readMetro2 } from '../../src/metro2/index.ts'
import { Rng, synthAccountsFile } from '../../src/synth/index.ts'

export async function syntheticFile(root: string, n: number): Promise<string> {
  const dir = join(root, 'bench', 'out', `accounts-${n}`)
  const existing = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.dat')) : undefined
  if (existing) return join(dir, existing)
  return (await synthAccountsFile({ accounts: n, seed: 7, out: dir, format: 'variable', errorRate: 0 })).path
}

/** Every distinct SSN of the file's base segments, then `n` of them drawn at random (a seeded shuffle). */
export async function sampleSsns(file: string, n: number): Promise<string[]> {
  const all = new Set<number>()
  for await (const events of readMetro2(createReadStream(file, { highWaterMark: 1 << 18 })))
    for (const e of events) if (e.kind === 'record') all.add(e.record.base.socialSecurityNumber)
  const ssns = [...all]
  const rng = Rng.from(7)
  for (let i = 0; i < Math.min(n, ssns.length); i++) {
    const j = rng.int(i, ssns.length - 1)
    ;[ssns[i], ssns[j]] = [ssns[j]!, ssns[i]!]
  }
  return ssns.slice(0, n).map((s) => String(s).padStart(9, '0'))
}

export async function inParallel<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>) {
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!)
    }),
  )
}
