// HTTP for furnishers: a streamed upload of a Metro 2 or JSON Lines file, and the per-record result.
// A furnisher sees only its own batches (another's answers 404, as an unknown one does); the operator sees all.
import { z } from 'zod'
import { AppError } from '../platform/errors.ts'
import {
  byteSize,
  errorBodySchema,
  requirePrincipal,
  security,
  uploadedFile,
  type Principal,
  type RoutePlugin,
  queryInteger,
  admitUpload,
  UploadSlots,
  type MinimumRate,
} from '../platform/http/index.ts'
import { encodePageCursor, pageCursorSchema } from '../platform/page-cursor.ts'
import { MAX_ISSUE_SEQ, type BatchesStore } from './batches.store.ts'
import type { IngestService } from './ingest.service.ts'
import type { IngestResult } from './ingest.types.ts'
import { jsonlJsonSchema } from './jsonl.model.ts'

const errors = (...codes: (400 | 401 | 403 | 404 | 408 | 409 | 413 | 415 | 422 | 429 | 503)[]) =>
  Object.fromEntries(codes.map((c) => [c, errorBodySchema])) as Record<number, typeof errorBodySchema>

const counts = z.object({
  records: z.number(),
  accepted: z.number(),
  rejected: z.number(),
  warnings: z.number(),
  errors: z.number(),
  consumersCreated: z.number(),
  newAccounts: z.number(),
  updatedAccounts: z.number(),
  renumberedAccounts: z.number(),
  deletedAccounts: z.number(),
  droppedConsumers: z.number(),
  vanished: z.number(),
})
const issue = z.object({
  seq: z.number().optional(),
  recordNo: z.number().nullable(),
  line: z.number().nullable(),
  offset: z.number().nullable(),
  account: z.string().nullable(),
  segment: z.string(),
  field: z.string().nullable(),
  rule: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
})
const uploadResult = z
  .object({
    status: z.enum(['applied', 'duplicate']),
    batchId: z.uuid(),
    furnisherId: z.string(),
    counts: counts.optional(),
    issues: z.array(issue).optional().describe('the first issues; GET the batch for all of them'),
    issuesTotal: z.number().optional(),
    earlier: z
      .object({
        fileName: z.string().nullable(),
        appliedAt: z.iso.datetime(),
        records: z.number(),
        accepted: z.number(),
        rejected: z.number(),
      })
      .optional()
      .describe('a duplicate: the batch that applied this content before, when and with what result'),
  })
  .meta({ id: 'FurnishingResult' })
const batch = z
  .object({
    batchId: z.uuid(),
    furnisherId: z.string(),
    fileName: z.string().nullable(),
    format: z.string(),
    status: z.enum(['applied', 'rejected']),
    records: z.number(),
    accepted: z.number(),
    rejected: z.number(),
    warnings: z.number(),
    errors: z.number(),
    activityDate: z.string().nullable(),
    receivedAt: z.string(),
    appliedAt: z.string(),
  })
  .meta({ id: 'Batch' })

const listQuery = z.object({
  furnisher: z
    .string()
    .optional()
    .describe('Only this furnisher’s files: the operator’s to choose; a furnisher may name only itself'),
  status: z
    .enum(['applied', 'rejected'])
    .optional()
    .describe('Only the files applied, or only those rejected'),
  limit: queryInteger({ min: 1, max: 500 }).default(50),
  before: pageCursorSchema
    .optional()
    .describe('The `next` of the page before: the files after its last one, newest first'),
})
const listAnswer = z.object({
  files: z.array(batch),
  next: z.string().optional().describe('There when more files follow: send it as `before` for the next page'),
})

function requireFurnisherRole(p: Principal): void {
  if (p.kind !== 'operator' && !p.roles.includes('furnisher'))
    throw new AppError('forbidden', 'requires the furnisher role')
}

function requireFurnisher(p: Principal): void {
  requireFurnisherRole(p)
  if (p.memberStatus === 'suspended') throw new AppError('forbidden', 'the member is suspended')
}

// Where a file over the server's upload limit goes instead: the CLI reads it from disk, without a limit.
const WHEN_TOO_LARGE = 'use the CLI `openbureau ingest` for larger files'

/**
 * `?furnisher=` names whose file it is: an operator's to choose; a furnisher's files are its own, so it may name
 * only itself, and naming another is refused rather than ignored (found by probing: 201, filed under the caller).
 */
function checkFurnisherParameter(p: Principal, furnisher: string | undefined): void {
  if (furnisher === undefined || p.kind === 'operator' || furnisher === p.id) return
  throw new AppError(
    'forbidden',
    `only the operator may name another furnisher: furnisher=${JSON.stringify(furnisher.slice(0, 80))} is not the caller (${p.id})`,
    [{ path: 'query.furnisher', message: 'only the operator may name another furnisher' }],
  )
}

export interface UploadSettings {
  /**
   * Uploads in flight at once in this process (config.ts, OPENBUREAU_UPLOAD_CONCURRENCY). Default 8: the default
   * pool of 10 connections less two, which stay for everything else.
   */
  concurrency?: number
  /** Below it an upload is abandoned with 408 (OPENBUREAU_UPLOAD_MIN_RATE; upload-pace.ts has the default). */
  minimumRate?: Partial<MinimumRate>
}

export function furnishingRoutes(
  ingest: IngestService,
  batches: BatchesStore,
  uploads: UploadSettings = {},
): RoutePlugin {
  return async (app) => {
    const limit = byteSize(app.uploadMaxBytes)
    const slots = new UploadSlots(uploads.concurrency ?? 8)
    app.post(
      '/v1/furnishing/files',
      {
        schema: {
          summary: `Furnish a Metro 2 or JSON Lines file (multipart, streamed, up to ${limit})`,
          description: `The file is validated record by record and its accepted records applied in one transaction. The same file twice is recognised by its content and not applied again. An operator may name the furnisher with ?furnisher=; a furnisher may name only itself. The body is one part, \`file\`; a file over ${limit} (OPENBUREAU_UPLOAD_MAX_BYTES) is refused with 413: ${WHEN_TOO_LARGE}. A furnisher's files are applied one at a time: another of its files while one is in flight is refused with 429, and an upload over the server's number at once (OPENBUREAU_UPLOAD_CONCURRENCY) with 503, both at once and with Retry-After. A body that pauses 60 s, or arrives below OPENBUREAU_UPLOAD_MIN_RATE after its first 60 s, is abandoned with 408; nothing of a refused or abandoned upload is stored.`,
          tags: ['furnishing'],
          security: security.member,
          consumes: ['multipart/form-data'],
          querystring: z.object({ furnisher: z.string().optional() }),
          response: {
            201: uploadResult,
            200: uploadResult,
            ...errors(400, 401, 403, 404, 408, 409, 413, 415, 422, 429, 503),
          },
        },
      },
      async (request, reply) => {
        const p = requirePrincipal(request)
        // A suspended furnisher's upload is refused by ingestion, which reads the member as it stands and
        // records the refusal in the audit log, as a suspended lender's report is.
        requireFurnisherRole(p)
        checkFurnisherParameter(p, request.query.furnisher)
        const own = p.kind === 'operator' ? undefined : p.id
        // The furnisher whose file it is, when the request says: an operator that names none is known only once
        // the file is read, and waits for that furnisher's file lock in the database (ingest.store.ts) instead.
        const furnisher = own ?? request.query.furnisher
        const leave = admitUpload(
          slots,
          request,
          reply,
          furnisher,
          `another file of member ${JSON.stringify(furnisher?.slice(0, 80))} is being applied; send this one when it has finished`,
        )
        if (leave === undefined) return reply
        let r: IngestResult
        try {
          const file = await uploadedFile(request, reply, {
            whenTooLarge: WHEN_TOO_LARGE,
            ...(uploads.minimumRate === undefined ? {} : { minimumRate: uploads.minimumRate }),
          })
          r = await ingest.ingest({
            source: file.stream,
            fileName: file.filename,
            sender: { memberId: p.id, keyId: p.keyId },
            ...(own !== undefined
              ? { furnisher: own, restrictToFurnisher: own }
              : request.query.furnisher !== undefined
                ? { furnisher: request.query.furnisher }
                : {}),
          })
        } finally {
          // Only once the file's transaction has ended: committed, or rolled back by an error.
          leave()
        }
        if (r.status === 'duplicate')
          return reply.code(200).send({
            status: r.status,
            batchId: r.batchId,
            furnisherId: r.furnisherId,
            earlier: r.earlier,
          })
        return reply.code(201).send({
          status: r.status,
          batchId: r.batchId,
          furnisherId: r.furnisherId,
          counts: r.counts,
          issues: r.issues.slice(0, 100),
          issuesTotal: r.issuesTotal,
        })
      },
    )

    app.get(
      '/v1/furnishing/files',
      {
        schema: {
          summary: "The caller's furnished files, newest first",
          description:
            'Newest first by the time received. Paged: `next`, when there, is the `before` of the following page. An operator sees every furnisher’s files and may name one with ?furnisher=; a furnisher sees its own and may name only itself.',
          tags: ['furnishing'],
          security: security.member,
          querystring: listQuery,
          response: { 200: listAnswer, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = requirePrincipal(request)
        requireFurnisher(p)
        const { furnisher, ...page } = request.query
        checkFurnisherParameter(p, furnisher)
        const r = await batches.page({ ...page, furnisherId: p.kind === 'operator' ? furnisher : p.id })
        // As the upload answers an operator naming no member.
        if (r === undefined)
          throw new AppError('not_found', `no member ${JSON.stringify(furnisher?.slice(0, 80))}`)
        return { files: r.items, ...(r.last === undefined ? {} : { next: encodePageCursor(r.last) }) }
      },
    )

    app.get(
      '/v1/furnishing/files/:id',
      {
        schema: {
          summary: 'One file: its counts and its issues, record by record (paged by seq)',
          tags: ['furnishing'],
          security: security.member,
          params: z.object({ id: z.uuid() }),
          querystring: z.object({
            limit: queryInteger({ min: 1, max: 10_000 }).default(1000),
            afterSeq: queryInteger({ min: 0, max: MAX_ISSUE_SEQ }).default(0),
          }),
          response: {
            200: batch.extend({ issues: z.array(issue), nextAfterSeq: z.number().nullable() }),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const p = requirePrincipal(request)
        requireFurnisher(p)
        const b = await batches.get(request.params.id)
        if (!b || (p.kind !== 'operator' && b.furnisherId !== p.id))
          throw new AppError('not_found', `no batch "${request.params.id}"`)
        const page = await batches.issuesPage(b.batchId, {
          limit: request.query.limit,
          afterSeq: request.query.afterSeq,
        })
        const { summary: _summary, contentHash: _hash, ...rest } = b
        return { ...rest, ...page }
      },
    )

    app.get(
      '/v1/furnishing/schema',
      {
        schema: {
          summary: 'The JSON Schema of one line of the native JSON Lines format',
          tags: ['furnishing'],
          // A format's description, no one's data: any signed-in caller may read it.
          security: security.any,
          response: { 200: z.record(z.string(), z.unknown()) },
        },
      },
      async () => jsonlJsonSchema() as Record<string, unknown>,
    )
  }
}
