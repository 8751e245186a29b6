// A Metro 2 file starts with its Header Record, and has only that one (CRRG Header Record): a file whose first
// record is not a header lost its start, or is a piece of another file; a header further on is two files run
// together. Fed the file's records in order, this says so once each.
import type { Metro2Issue } from '../../metro2/index.ts'
import { issue } from './issue.ts'

export class HeaderPlacement {
  private started = false

  /** The issues of a Header Record met now. */
  atHeader(): Metro2Issue[] {
    const late = this.started
    this.started = true
    return late
      ? [
          issue(
            'file',
            undefined,
            'file.header_misplaced',
            'a Header Record after the start of the file: a file has one, first (CRRG Header Record)',
          ),
        ]
      : []
  }

  /** The issues of any other record (data, unreadable or trailer) met now. */
  atBody(): Metro2Issue[] {
    if (this.started) return []
    this.started = true
    return [
      issue(
        'file',
        undefined,
        'file.header_missing',
        'The file does not start with a Header Record (CRRG Header Record)',
      ),
    ]
  }
}
