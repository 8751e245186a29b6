// Inquiries (DESIGN.md glossary): the record that a member was given a report, as each party sees it. The
// consumer sees every inquiry with its grounds; a member sees its own; a lender reading a report sees the hard
// inquiries only, its own included (FCRA practice: soft inquiries are disclosed to the consumer alone).
import { z } from 'zod'
import { purposeSchema } from '../consent/index.ts'
import { queryInteger } from '../platform/http/index.ts'

/** An inquiry as stored, and as the report writes it. */
export interface Inquiry {
  id: string
  consumerKey: string
  memberId: string
  purpose: z.infer<typeof purposeSchema>
  hard: boolean
  legalGround: string
  consentId: string | null
  /** ISO 8601 timestamp. */
  at: string
}

export const consumerInquirySchema = z
  .object({
    id: z.uuid(),
    member: z.object({ id: z.string(), name: z.string() }),
    purpose: purposeSchema,
    hard: z
      .boolean()
      .describe('Shown to other lenders when true; a soft inquiry is shown to the consumer only'),
    legalGround: z
      .string()
      .describe('The provision the read rested on, with the consent id when one was used'),
    consentId: z.uuid().nullable(),
    at: z.iso.datetime(),
  })
  .meta({ id: 'ConsumerInquiry' })
export type ConsumerInquiry = z.infer<typeof consumerInquirySchema>

export const memberInquirySchema = z
  .object({
    id: z.uuid(),
    consumerKey: z.uuid(),
    purpose: purposeSchema,
    hard: z.boolean(),
    legalGround: z.string(),
    consentId: z.uuid().nullable(),
    at: z.iso.datetime(),
  })
  .meta({ id: 'MemberInquiry' })
export type MemberInquiry = z.infer<typeof memberInquirySchema>

/** What a lender is shown of another member's hard inquiry. */
export const reportInquirySchema = z
  .object({
    member: z.object({ id: z.string(), name: z.string() }),
    purpose: purposeSchema,
    at: z.iso.datetime(),
  })
  .meta({ id: 'ReportInquiry' })
export type ReportInquiry = z.infer<typeof reportInquirySchema>

// Keyset paging (as GET /v1/me/audit-events pages by `before`): a page starts after the last entry of the one
// before it, named by its time to the microsecond and its id, so an inquiry recorded between two requests
// neither repeats an entry on the next page nor pushes one off it, as an offset did. The cursor is opaque to the
// caller (base64url of "<time> <id>"); a whole number in a query is decimal digits only (queryInteger).
/** Where a page of a newest-first list ends: the `at` of its last entry (ISO 8601, microseconds, UTC) and id. */
export interface PagePosition {
  at: string
  id: string
}

const POSITION =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z) ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/

export const encodePageCursor = (p: PagePosition): string =>
  Buffer.from(`${p.at} ${p.id}`).toString('base64url')

const isSameInstant = (time: number, at: string) =>
  !Number.isNaN(time) && new Date(time).toISOString().slice(0, 23) === at.slice(0, 23)

/** A `before` cursor as a later page's answer gave it; anything else is refused as invalid input. */
export const pageCursorSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,120}$/, 'expected the `next` cursor of an earlier page')
  .transform((s, ctx): PagePosition => {
    const [, at, id] = POSITION.exec(Buffer.from(s, 'base64url').toString('latin1')) ?? []
    // A real instant only (no 30 February): the database would refuse it only after the request was taken.
    const time = at === undefined ? NaN : Date.parse(at)
    if (at === undefined || id === undefined || !isSameInstant(time, at)) {
      ctx.addIssue({ code: 'custom', message: 'expected the `next` cursor of an earlier page' })
      return z.NEVER
    }
    return { at, id }
  })

export const inquiryPageSchema = z.object({
  limit: queryInteger({ min: 1, max: 500 }).default(100),
  before: pageCursorSchema
    .optional()
    .describe('The `next` of the page before: the entries after its last one, newest first'),
})
export type InquiryPage = z.infer<typeof inquiryPageSchema>

/** A page of a list, newest first; `next` is there when more entries follow, for the next request's `before`. */
export interface Page<T> {
  items: T[]
  next?: string
}
