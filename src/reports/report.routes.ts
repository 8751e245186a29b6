// HTTP for lender reports, inquiries and the attribute definitions: schemas in, a service call, schemas out.
import { z } from 'zod'
import {
  errorBodySchema,
  requirePrincipal,
  security,
  typedSuccess,
  type RoutePlugin,
} from '../platform/http/index.ts'
import { ATTRIBUTES } from './attribute-definitions.ts'
import { consumerInquirySchema, inquiryPageSchema, memberInquirySchema, type Page } from './inquiry.model.ts'
import type { InquiryService } from './inquiry.service.ts'
import { attributeDefinitionSchema, lenderReportSchema, reportRequestSchema } from './report.model.ts'
import { NOT_AVAILABLE, type ReportService } from './report.service.ts'

const errors = (...codes: (400 | 401 | 403 | 404)[]) =>
  Object.fromEntries(codes.map((c) => [c, errorBodySchema])) as Record<number, typeof errorBodySchema>

const listOf = <T extends z.ZodType>(item: T) =>
  z.object({
    inquiries: z.array(item),
    next: z
      .string()
      .optional()
      .describe('There when more inquiries follow: send it as `before` for the next page'),
  })
const answer = <T>({ items, next }: Page<T>) => ({
  inquiries: items,
  ...(next === undefined ? {} : { next }),
})

export function reportRoutes(reports: ReportService, inquiries: InquiryService): RoutePlugin {
  return async (app) => {
    app.post(
      '/v1/reports',
      {
        schema: {
          summary: 'A consumer’s report for a permissible purpose (member with the user role)',
          description: `Records an inquiry (hard or soft, as the jurisdiction profile says of the purpose) and releases only the data categories the consent covers. Any refusal (no purpose, a purpose the profile does not allow, no usable consent, a suspended member or one without the user role, a frozen file for a credit application, or for an account review or collection by a member that holds no account of the consumer) is answered exactly as an unknown consumer: 404 "${NOT_AVAILABLE}". The audit log keeps the true reason.`,
          tags: ['reports'],
          security: security.member,
          body: reportRequestSchema,
          response: { 200: lenderReportSchema, ...errors(400, 401, 404) },
        },
        // The report is built as a LenderReport, and report.routes.test.ts checks every answer against the schema.
        serializerCompiler: typedSuccess,
        // Confirms the caller's key with its own reads (keyStandingRead): its principal may come from the key cache.
        config: { confirmsKey: true },
      },
      async (request) => reports.request(requirePrincipal(request), request.body),
    )

    app.get(
      '/v1/me/inquiries',
      {
        schema: {
          summary: 'Everyone who was given one’s report, and on what grounds (consumer)',
          description:
            'Every inquiry, hard and soft, newest first, with the member, purpose, legal ground and consent. Paged: `next`, when there, is the `before` of the following page.',
          tags: ['reports'],
          security: security.consumer,
          querystring: inquiryPageSchema,
          response: { 200: listOf(consumerInquirySchema), ...errors(400, 401, 403) },
        },
      },
      async (request) => answer(await inquiries.forConsumer(requirePrincipal(request), request.query)),
    )

    app.get(
      '/v1/inquiries',
      {
        schema: {
          summary: 'The inquiries the calling member made, newest first (member)',
          description: 'Paged: `next`, when there, is the `before` of the following page.',
          tags: ['reports'],
          security: security.member,
          querystring: inquiryPageSchema,
          response: { 200: listOf(memberInquirySchema), ...errors(400, 401, 403) },
        },
      },
      async (request) => answer(await inquiries.forMember(requirePrincipal(request), request.query)),
    )

    app.get(
      '/v1/attributes',
      {
        schema: {
          summary: 'The bureau attributes of reports and scores: definitions and plain-language texts',
          tags: ['reports'],
          security: security.any,
          response: { 200: z.object({ attributes: z.array(attributeDefinitionSchema) }), ...errors(401) },
        },
      },
      async () => ({ attributes: [...ATTRIBUTES] }),
    )
  }
}
