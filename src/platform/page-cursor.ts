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

// PostgreSQL has no year 0 (its 1 BC comes right before AD 1), where a JavaScript Date takes "0000" for 1 BC:
// such a cursor passed here and failed in the database as a 500 (found by probing). Every cursor is made from
// a stored timestamptz, written with four digits, so AD 1 to 9999 holds all of them. No narrower range: an
// instant before or after every entry is a real position (an empty page, or the list from its top), and a
// narrower one could refuse a cursor the bureau gave.
const FIRST_YEAR = 1
const isStorable = (time: number) => new Date(time).getUTCFullYear() >= FIRST_YEAR

/** A `before` cursor as a later page's answer gave it; anything else is refused as invalid input. */
export const pageCursorSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,120}$/, NOT_A_CURSOR)
  .transform((s, ctx): PagePosition => {
    const [, at, id] = POSITION.exec(Buffer.from(s, 'base64url').toString('latin1')) ?? []
    // A real instant that the database holds (no 30 February, no year 0): else the database would refuse it
    // only after the request was taken.
    const time = at === undefined ? NaN : Date.parse(at)
    if (at === undefined || id === undefined || !isSameInstant(time, at) || !isStorable(time)) {
      ctx.addIssue({ code: 'custom', message: NOT_A_CURSOR })
      return z.NEVER
    }
    return { at, id }
  })
