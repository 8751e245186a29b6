// The common case of AuditEventSchema checked by hand: every report appends two events, and the schema's parse
// cost about 30 µs for the pair, a twentieth of the server's work for a report. quickParse accepts only what the
// schema accepts and gives what its parse gives (a property test holds the two together, audit.quick-check.test.ts);
// for anything else it answers undefined, and the schema decides and names the problems.
import {
  ACTION_PATTERN,
  ACTOR_KINDS,
  DETAIL_KEY,
  isPiiKey,
  MAX_DETAIL_LIST,
  MAX_DETAILS,
  OUTCOMES,
  storable,
  type AuditEventSchema,
} from './audit.model.ts'
import { z } from 'zod'

type Parsed = z.output<typeof AuditEventSchema>

// The rule that z.uuid() itself applies (RFC 9562 versions 1-8 and variant 10xx, nil and max).
const UUID = z.regexes.uuid()
const KEYS = new Set(['actor', 'action', 'consumerKey', 'target', 'purpose', 'outcome', 'reason', 'details'])
const actorKinds: ReadonlySet<unknown> = new Set(ACTOR_KINDS)
const outcomes: ReadonlySet<unknown> = new Set(OUTCOMES)

function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false
  const proto: unknown = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

const isText = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length >= 1 && v.length <= max && storable(v)

/** Whether a text field that may be absent or null keeps its rule. */
const optionalText = (v: unknown, max: number): boolean => v === undefined || v === null || isText(v, max)

const isScalar = (v: unknown): boolean =>
  v === null ||
  v === '' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v)) ||
  isText(v, 1000)

function details(v: unknown): Record<string, unknown> | undefined {
  if (!isPlain(v)) return undefined
  const keys = Object.keys(v)
  if (keys.length > MAX_DETAILS) return undefined
  const out: Record<string, unknown> = {}
  for (const k of keys) {
    const x = v[k]
    if (!DETAIL_KEY.test(k) || isPiiKey(k)) return undefined
    if (Array.isArray(x)) {
      if (x.length > MAX_DETAIL_LIST || !x.every(isScalar)) return undefined
      out[k] = [...(x as unknown[])]
    } else if (isScalar(x)) out[k] = x
    else return undefined
  }
  return out
}

/** The event as AuditEventSchema parses it, when it plainly passes; undefined when the schema must look. */
export function quickParse(e: unknown): Parsed | undefined {
  if (!isPlain(e)) return undefined
  for (const k in e) if (!KEYS.has(k)) return undefined
  const { actor, action, consumerKey, target, purpose, outcome, reason } = e
  if (!isPlain(actor) || Object.keys(actor).length !== 2 || !actorKinds.has(actor['kind'])) return undefined
  if (!isText(actor['id'], 200)) return undefined
  if (typeof action !== 'string' || action.length > 100 || !ACTION_PATTERN.test(action)) return undefined
  if (!(
    consumerKey === undefined ||
    consumerKey === null ||
    (typeof consumerKey === 'string' && UUID.test(consumerKey))
  ))
    return undefined
  if (!optionalText(target, 200) || !optionalText(purpose, 100) || !optionalText(reason, 1000))
    return undefined
  if (!outcomes.has(outcome)) return undefined
  if (outcome === 'refused' && (reason === undefined || reason === null)) return undefined
  const out: Record<string, unknown> = { actor: { kind: actor['kind'], id: actor['id'] }, action }
  // Keys in the schema's order, present only where given (a key given as undefined stays, as zod keeps it).
  if ('consumerKey' in e)
    out['consumerKey'] = typeof consumerKey === 'string' ? consumerKey.toLowerCase() : consumerKey
  if ('target' in e) out['target'] = target
  if ('purpose' in e) out['purpose'] = purpose
  out['outcome'] = outcome
  if ('reason' in e) out['reason'] = reason
  if ('details' in e) {
    if (e['details'] === undefined) out['details'] = undefined
    else {
      const d = details(e['details'])
      if (d === undefined) return undefined
      out['details'] = d
    }
  }
  return out as Parsed
}
