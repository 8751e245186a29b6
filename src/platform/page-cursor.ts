// Keyset paging for newest-first lists (inquiries, consents): a page starts after the last entry of the one
// before it, named by its time to the microsecond and its id, so an entry recorded between two requests neither
// repeats on the next page nor pushes one off it, as an offset did. The cursor is opaque to the caller
// (base64url of "<time> <id>").
import { z } from 'zod'

/** Where a page of a newest-first list ends: the `at` of its last entry (ISO 8601, microseconds, UTC) and id. */
export interface PagePosition {
  at: string
  id: string
}

const POSITION =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z) ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/
const NOT_A_CURSOR = 'expected the `next` cursor of an earlier page'

export const encodePageCursor = (p: PagePosition): string =>
  Buffer.from(`${p.at} ${p.id}`).toString('base64url')

const isSameInstant = (time: number, at: string) =>
  !Number.isNaN(time) && new Date(time).toISOString().slice(0, 23) === at.slice(0, 23)

/** A `before` cursor as a later page's answer gave it; anything else is refused as invalid input. */
export const pageCursorSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,120}$/, NOT_A_CURSOR)
  .transform((s, ctx): PagePosition => {
    const [, at, id] = POSITION.exec(Buffer.from(s, 'base64url').toString('latin1')) ?? []
    // A real instant only (no 30 February): the database would refuse it only after the request was taken.
    const time = at === undefined ? NaN : Date.parse(at)
    if (at === undefined || id === undefined || !isSameInstant(time, at)) {
      ctx.addIssue({ code: 'custom', message: NOT_A_CURSOR })
      return z.NEVER
    }
    return { at, id }
  })
