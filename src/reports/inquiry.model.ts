// Inquiries (DESIGN.md glossary): the record that a member was given a report, as each party sees it. The
// consumer sees every inquiry with its grounds; a member sees its own; a lender reading a report sees the hard
// inquiries only, its own included (FCRA practice: soft inquiries are disclosed to the consumer alone).
import { z } from 'zod'
import { purposeSchema } from '../consent/index.ts'
import { queryInteger } from '../platform/http/index.ts'
import { pageCursorSchema } from '../platform/page-cursor.ts'

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

// A whole number in a query is decimal digits only (queryInteger); the cursor is platform/http's keyset cursor.
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
