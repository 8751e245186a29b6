// HTTP for scores: the signed-in consumer's own score (GET /v1/me/score), beside /v1/me/file rather than inside
// it, so that the file stays the raw data and the score, which needs a champion, can be absent on its own.
// Schemas in, a service call, schemas out.
import { z } from 'zod'
import { errorBodySchema, requirePrincipal, security, type RoutePlugin } from '../platform/http/index.ts'
import { reportScoreSchema } from '../reports/index.ts'
import type { ScoringService } from './scoring.service.ts'

export const consumerScoreSchema = z
  .object({
    asOf: z.iso.date(),
    available: z
      .boolean()
      .describe(
        'False when the file holds too little to score (no credit, utility, telecom or rent account) or no champion scorecard is in use for files like this one',
      ),
    score: reportScoreSchema
      .extend({
        whatIf: z
          .array(z.object({ attribute: z.string(), from: z.string(), to: z.string(), points: z.number() }))
          .describe('The changes that would raise the score, the largest first'),
      })
      .nullable(),
    message: z.string(),
  })
  .meta({ id: 'ConsumerScore' })

const errors = (...codes: (401 | 403)[]) =>
  Object.fromEntries(codes.map((c) => [c, errorBodySchema])) as Record<number, typeof errorBodySchema>

export function scoringRoutes(service: Pick<ScoringService, 'ownScore'>): RoutePlugin {
  return async (app) => {
    app.get(
      '/v1/me/score',
      {
        schema: {
          summary:
            'The signed-in consumer’s own score, the reasons it is not higher and what would change them',
          description:
            'Free. Computed now from the whole file with the champion scorecard of the consumer’s segment (thick or thin file), recorded with the model version that made it, and the view audited. The file is read as a lender’s report of the same day reads it: negative accounts past the jurisdiction’s retention period are left out. A file with no credit, utility, telecom or rent account, or without a champion: available false, no score, and a message that says why.',
          tags: ['scores'],
          security: security.consumer,
          response: { 200: consumerScoreSchema, ...errors(401, 403) },
        },
      },
      async (request) => service.ownScore(requirePrincipal(request)),
    )
  }
}
