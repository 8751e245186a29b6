// The hash of an audit event, specified so that whoever holds the rows (an auditor given an export of the table)
// can recompute it with any tool; the API shows hashes but not every hashed field, so no caller recomputes one:
//
//   hash = lowercase hex SHA-256 of the UTF-8 bytes of the canonical JSON of the object
//   { action, actor_id, actor_kind, consumer_key, details, occurred_at, outcome, prev_hash, purpose, reason,
//     salt, seq, target }
//
// named as the columns of audit_events, every field but `hash`, absent values as null; `salt` is left out when
// it is null (events chained before migrations/0012_audit_salt.sql). The salt is 128 random bits in hex: without
// it a hash shown to someone (the supervisor sees the head's) would let them confirm a guess of an event whose
// other fields are all guessable. Canonical JSON is
// RFC 8785 (JCS): object keys sorted by UTF-16 code units at every depth, no whitespace, strings and numbers
// as ECMAScript's JSON.stringify writes them. occurred_at is UTC with six fractional digits
// (2025-01-31T12:00:00.123456Z), consumer_key a lowercase UUID, seq a JSON number.
import { createHash } from 'node:crypto'
import type { AuditRecord } from './audit.model.ts'

// The MAC is of the hash (chain-mac.ts), so not part of it.
export type HashedFields = Omit<AuditRecord, 'hash' | 'mac'>

type Json = string | number | boolean | null | readonly Json[] | { readonly [k: string]: Json }

export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error('canonical JSON has no ' + String(value))
    return JSON.stringify(value)
  }
  if (Array.isArray(value))
    return '[' + (value as readonly Json[]).map((v) => canonicalJson(v)).join(',') + ']'
  const obj = value as { readonly [k: string]: Json }
  const keys = Object.keys(obj).sort()
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(obj[k]!)).join(',') + '}'
}

export function canonicalEvent(e: HashedFields): string {
  return canonicalJson({
    action: e.action,
    actor_id: e.actor.id,
    actor_kind: e.actor.kind,
    consumer_key: e.consumerKey,
    details: e.details,
    occurred_at: e.occurredAt,
    outcome: e.outcome,
    prev_hash: e.prevHash,
    purpose: e.purpose,
    reason: e.reason,
    ...(e.salt === null ? {} : { salt: e.salt }),
    seq: e.seq,
    target: e.target,
  })
}

export function hashEvent(e: HashedFields): string {
  return createHash('sha256').update(canonicalEvent(e), 'utf8').digest('hex')
}
