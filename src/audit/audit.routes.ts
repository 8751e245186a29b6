// HTTP for the audit log: the operator and the supervisor verify the chain; a consumer reads the events of
// their own file (who looked, on what grounds, and who was refused).
import { z } from 'zod'
import { AppError } from '../platform/errors.ts'
import {
  errorBodySchema,
  queryInteger,
  requirePrincipal,
  security,
  type RoutePlugin,
} from '../platform/http/index.ts'
import { ANCHOR_SEQ_TOO_LARGE, ANCHOR_TEXT, anchorSeqTooLarge, parseAnchorText } from './audit.model.ts'
import type { AuditService } from './audit.service.ts'

const errors = (...codes: (400 | 401 | 403)[]) =>
  Object.fromEntries(codes.map((c) => [c, errorBodySchema])) as Record<number, typeof errorBodySchema>

const verifyResult = z
  .object({
    ok: z.boolean(),
    events: z.number(),
    head: z.object({ seq: z.number(), hash: z.string() }).optional(),
    problems: z
      .array(
        z.object({
          seq: z.number(),
          kind: z.enum(['edited', 'deleted', 'reordered', 'broken_link', 'forged']),
          message: z.string(),
        }),
      )
      .optional(),
    truncated: z.boolean().optional(),
    // Only from a verify without the audit key (chain-mac.ts): the MACs from this seq on were not checked.
    unauthenticatedFrom: z.number().optional(),
    // Only from a verify with the key: events that carry no MAC, appended before the log was keyed.
    unkeyed: z
      .object({ from: z.number(), to: z.number(), events: z.number(), keyedFrom: z.number().nullable() })
      .optional(),
    pending: z
      .object({
        sets: z.number(),
        oldest: z.string().nullable(),
      })
      .describe(
        'Sets of events of committed work waiting in audit_pending, outside the chain, until a server chains them',
      ),
  })
  .meta({ id: 'AuditVerification' })

/** How a consumer's own log names another consumer who acted on their file. */
const ANOTHER_CONSUMER = { kind: 'consumer', id: 'another consumer' } as const

const event = z.object({
  seq: z.number(),
  occurredAt: z.string(),
  actor: z.object({ kind: z.string(), id: z.string() }),
  action: z.string(),
  target: z.string().nullable(),
  purpose: z.string().nullable(),
  outcome: z.string(),
  reason: z.string().nullable(),
  hash: z.string(),
})

export function auditRoutes(audit: AuditService): RoutePlugin {
  return async (app) => {
    app.get(
      '/v1/audit/verify',
      {
        schema: {
          summary: 'Verify the hash chain of the whole audit log (operator, supervisor)',
          tags: ['audit'],
          security: security.member,
          querystring: z.object({
            from: queryInteger({ min: 1 }).optional(),
            to: queryInteger({ min: 1 }).optional(),
            // A head recorded earlier, outside the database: the one check that a rewrite of the tail together
            // with the head row cannot pass (audit.model.ts, VerifyOptions.anchor).
            anchor: z
              .string()
              .regex(ANCHOR_TEXT, 'must be <seq>:<64 hex digits>, as a verify gives the head')
              .refine((text) => !anchorSeqTooLarge(text), ANCHOR_SEQ_TOO_LARGE)
              .optional()
              .describe('A head recorded earlier, as <seq>:<hash>'),
          }),
          response: { 200: verifyResult, ...errors(401, 403) },
        },
      },
      async (request) => {
        const p = requirePrincipal(request)
        if (p.kind !== 'operator' && (!p.roles.includes('supervisor') || p.memberStatus !== 'active'))
          throw new AppError('forbidden', 'requires the operator or an active supervisor')
        const { from, to, anchor } = request.query
        return audit.verify({ from, to, anchor: anchor === undefined ? undefined : parseAnchorText(anchor) })
      },
    )

    app.get(
      '/v1/me/audit-events',
      {
        schema: {
          summary: "Every recorded event about the caller's own file, newest first (consumer)",
          tags: ['audit'],
          security: security.consumer,
          querystring: z.object({
            limit: queryInteger({ min: 1, max: 500 }).default(100),
            before: queryInteger({ min: 1 }).optional(),
          }),
          response: { 200: z.array(event), ...errors(401, 403) },
        },
      },
      async (request) => {
        const p = requirePrincipal(request)
        if (p.kind !== 'consumer') throw new AppError('forbidden', 'consumers only')
        const rows = await audit.eventsForConsumer(p.id, {
          limit: request.query.limit,
          before: request.query.before,
        })
        const self = p.id.toLowerCase()
        return rows.map((r) => ({
          seq: r.seq,
          occurredAt: r.occurredAt,
          // Another consumer who acted on this file (a refused try at someone else's consent, say) is shown as
          // such, not by their key: a pseudonym is still their personal data (GDPR Art. 4(5), recital 26).
          actor:
            r.actor.kind === 'consumer' && r.actor.id.toLowerCase() !== self && r.actor.id !== 'anonymous'
              ? ANOTHER_CONSUMER
              : r.actor,
          action: r.action,
          target: r.target,
          purpose: r.purpose,
          outcome: r.outcome,
          reason: r.reason,
          hash: r.hash,
        }))
      },
    )
  }
}
