// The syntax rules of the Metro 2 reader: what it reports while framing records and converting fields, before
// any business validation (the furnishing module adds its own catalogue). Ids are stable: stored issues cite them.
import type { RuleInfo } from './metro2.model.ts'

export const METRO2_SYNTAX_RULES: readonly RuleInfo[] = [
  {
    id: 'syntax.numeric',
    severity: 'error',
    description: 'A numeric field holds something other than digits (read as 0).',
  },
  {
    id: 'syntax.date',
    severity: 'error',
    description: 'A date or timestamp field is not a real date MMDDYYYY[HHMMSS] (read as null).',
  },
  {
    id: 'syntax.text',
    severity: 'error',
    description:
      'A text field holds a byte outside printable ASCII 0x20-0x7E (CRRG Recording Techniques): a control byte, or a UTF-8 or latin-1 letter.',
  },
  {
    id: 'syntax.packed',
    severity: 'error',
    description: 'A packed (COMP-3) field has a nibble that is not a digit or a sign (read as 0 or null).',
  },
  {
    id: 'syntax.sign',
    severity: 'error',
    description: 'A packed field carries the negative sign D in an unsigned field (read as 0).',
  },
  {
    id: 'segment.unknown',
    severity: 'error',
    description:
      'Data after the base segment does not start with a known segment identifier: the record cannot be framed.',
  },
  {
    id: 'segment.truncated',
    severity: 'error',
    description: 'A segment ends before its last data field; the missing part was read as blanks.',
  },
  {
    id: 'segment.short',
    severity: 'warning',
    description:
      'A record or segment ends early, but only where blanks may stand (filler, optional text); it was blank-filled.',
  },
  {
    id: 'segment.duplicate',
    severity: 'error',
    description:
      'A K1, K2, K3, K4, L1 or N1 segment appears twice in one record (CRRG: at most one); the first is kept.',
  },
  {
    id: 'record.length',
    severity: 'error',
    description:
      'A record is too short to hold a base segment, or carries data after the end of a header or trailer.',
  },
  { id: 'record.order', severity: 'warning', description: 'A record follows the trailer record.' },
  {
    id: 'record.trailer_not_last',
    severity: 'error',
    description:
      'The Trailer Record is followed by more records (named once, with how many): it must be the last record of the file (CRRG Trailer Record).',
  },
  {
    id: 'descriptor.rdw',
    severity: 'warning',
    description:
      'The record descriptor word disagrees with the record as framed by its line, or is not a number.',
  },
  {
    id: 'descriptor.bdw',
    severity: 'error',
    description:
      'A block descriptor word is not a number or disagrees with the length of its block: named once, at its offset, with the length its records (or lines) give the block.',
  },
]
