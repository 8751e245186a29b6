// The benchmark's input: one furnisher's file for one month with exactly N accounts.
import { basename } from 'node:path'
import type { SynthOptionsInput } from './synth.model.ts'
import { writeSynthFiles, type SynthFileInfo } from './writeSynthFiles.ts'

export interface SynthAccountsFileOptions {
  accounts: number
  seed?: number
  out: string
  format?: SynthOptionsInput['format']
  start?: string
  errorRate?: number
}

/** The benchmark's file: exactly `accounts` records from one furnisher for one month, clean by default. */
export async function synthAccountsFile(
  input: SynthAccountsFileOptions,
): Promise<SynthFileInfo & { manifest: string }> {
  const { out, errorRate = 0, ...rest } = input
  const result = await writeSynthFiles({ ...rest, out, errorRate, furnishers: 1, months: 1 })
  const file = result.files[0]!
  return { ...file, file: basename(file.path), manifest: result.manifest }
}
