// The consumer file (reports/file.model.ts ConsumerFile) with the freeze and the fraud alerts in force (the rights
// module's), as a response schema, for GET /v1/me/file and its OpenAPI entry. Every field is listed: the
// serialiser drops what a schema does not name. The check below fails to compile when the file's type gains or
// changes a field this schema does not follow.
import { z } from 'zod'
import {
  personNameSchema,
  postalAddressSchema,
  tradelineFields,
  type ConsumerFile,
} from '../reports/index.ts'
import { fraudAlertSchema, freezeSchema, type FraudAlert, type Freeze } from '../rights/index.ts'

/**
 * What the consumer is shown of their file: FCRA §609(a)(1) gives them "all information in the consumer's file",
 * and the freeze and the alerts in force are on it (they bind every report), as GET /v1/me/freeze and
 * GET /v1/me/alerts show them.
 */
export type ConsumerFileView = ConsumerFile & { freeze: Freeze; alerts: FraudAlert[] }

const seen = { firstSeen: z.string(), lastSeen: z.string(), source: z.string().nullable() }

const entry = <T extends z.ZodType>(value: T) =>
  z.union([
    z.object({ readable: z.literal(true), value, ...seen }),
    z.object({ readable: z.literal(false), ...seen }),
  ])

const identitySchema = z.object({
  consumerKey: z.string(),
  shredded: z.boolean(),
  names: z.array(entry(personNameSchema)),
  birthDates: z.array(entry(z.string())),
  addresses: z.array(entry(postalAddressSchema)),
  phones: z.array(entry(z.string())),
})

const tradelineSchema = z.object({
  ...tradelineFields,
  tradelineId: z.string(),
  accountNumber: z.string(),
  dates: z.object({
    opened: z.string().nullable(),
    accountInformation: z.string(),
    firstDelinquency: z.string().nullable(),
    closed: z.string().nullable(),
    lastPayment: z.string().nullable(),
  }),
  paymentGrid: z.array(z.object({ month: z.string(), code: z.string() })),
})

export const consumerFileSchema = z
  .object({
    consumerKey: z.string(),
    identity: identitySchema,
    tradelines: z.array(tradelineSchema),
    freeze: freezeSchema,
    alerts: z.array(fraudAlertSchema).describe('The fraud alerts in force, newest first'),
  })
  .meta({ id: 'ConsumerFile', description: 'Everything held on the consumer, as they see it.' })

// Both directions: a ConsumerFileView passes the schema, and what the schema passes is a ConsumerFileView.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const fileSchemaMatchesType: Same<z.infer<typeof consumerFileSchema>, ConsumerFileView> = true
void fileSchemaMatchesType
