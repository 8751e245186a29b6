// The one form a moment is taken in at the edges (RFC 3339 §5.6, as zod's iso.datetime checks it): a calendar
// date, the time with seconds, and an explicit offset, Z or ±hh:mm. Said in the refusal, since zod's own ("Invalid
// ISO datetime") did not say that `2027-01-01T00:00:00` (no offset), `…T00:00Z` (no seconds) or `…+0100` (no
// colon) were why (found by probing).
import { z } from 'zod'

export const DATE_TIME_FORM =
  'expected a date and time as YYYY-MM-DDThh:mm:ss (a fraction of a second may follow) and then Z or an offset ±hh:mm, e.g. 2027-01-01T09:00:00Z or 2027-01-01T09:00:00+01:00 (RFC 3339)'

/** A moment given as input: RFC 3339 with an offset, refused with DATE_TIME_FORM. */
export const inputDateTime = () => z.iso.datetime({ offset: true, error: DATE_TIME_FORM })
