// Inquiries (DESIGN.md glossary): the record that a member was given a report, as each party sees it. The
// consumer sees every inquiry with its grounds; a member sees its own; a lender reading a report sees the hard
// inquiries only, its own included (FCRA practice: soft inquiries are disclosed to the consumer alone).
import { z } from 'zod'
import { purposeSchema } from '../consent/index.ts'

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

export const inquiryPageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})
export type InquiryPage = z.infer<typeof inquiryPageSchema>
