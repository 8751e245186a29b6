// The issues of a JSON Lines line that could not be read: what is wrong, and where, without the line's own text.
// Issues are stored with the batch and shown to operators, so a property name is shown with its control
// characters escaped (a name of ESC sequences must not drive a terminal), and a line that is not JSON is never
// quoted: it may be a national ID alone, which is never kept in clear (DESIGN.md principle 4).
import type { z } from 'zod'
import type { Metro2Issue } from '../metro2/index.ts'
import { escapeControlCharacters } from '../platform/escaped-text.ts'
import { consumptionKeyIn, isConsumptionField } from './jsonl.not-credit.ts'
import { jsonErrorKind } from '../platform/json-error.ts'

const SEGMENTS: ReadonlySet<unknown> = new Set(['base', 'j1', 'j2', 'k1', 'k2', 'k3', 'k4', 'l1'])

const valueAt = (json: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
    json,
  )

export function issuesOf(error: z.ZodError, json: unknown): Metro2Issue[] {
  const out: Metro2Issue[] = []
  for (const i of error.issues) {
    const segment = (SEGMENTS.has(i.path[0]) ? i.path[0] : 'base') as Metro2Issue['segment']
    const where = escapeControlCharacters(i.path.join('.'))
    if (i.code === 'unrecognized_keys') {
      for (const key of i.keys) {
        const shown = escapeControlCharacters(key)
        const name = where ? `${where}.${shown}` : shown
        // An unknown object is looked into too: {"meta": {"merchant": ...}} hides consumption data one level down.
        const inner = isConsumptionField(key) ? '' : consumptionKeyIn(valueAt(json, [...i.path, key]))
        const field = inner === undefined ? name : name + escapeControlCharacters(inner)
        out.push(
          inner !== undefined
            ? {
                segment,
                field,
                rule: 'jsonl.not_credit_data',
                severity: 'error',
                message: `"${field}" is not credit data: OpenBureau holds accounts, balances and repayment, never merchants, items, baskets, locations or contacts`,
              }
            : {
                segment,
                field,
                rule: 'jsonl.unknown_property',
                severity: 'error',
                message: `unknown property "${name}"`,
              },
        )
      }
    } else {
      out.push({
        segment,
        field: where,
        rule: 'jsonl.schema',
        severity: 'error',
        message: `${where || 'record'}: ${escapeControlCharacters(i.message)}`,
      })
    }
  }
  return out
}

/** Why line `line` is not JSON, quoting nothing of it (platform/json-error.ts). */
export function notJsonMessage(line: number, error: unknown): string {
  return `line ${line} is not JSON: ${jsonErrorKind(error)}`
}
