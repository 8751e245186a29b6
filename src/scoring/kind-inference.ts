// A column's kind, inferred from the values of a first pass: numeric when every non-missing value is a number,
// categorical when many are not. A column of numbers with a few other texts is refused, naming the first of them
// and its line: typed categorical it would be a column of hundreds of levels, binned as such and most likely
// dropped as a weak attribute without a word, when the texts are most often missing-value markers this reader
// does not know (table.ts isMissing) or typing errors. The user marks them missing, or leaves the column out.
import { AppError } from '../platform/errors.ts'
import { isMissing, isNumberText, ownKind, type ColumnKind, type TablePlan } from './table.ts'

/** A column with at least this share of numbers among its non-missing values is meant to be numeric. */
const MOSTLY_NUMERIC = 0.9

export class KindInference {
  private readonly numbers: number[]
  private readonly texts: number[]
  private readonly firstText: ({ raw: string; line: number | undefined } | undefined)[]
  constructor(private readonly plan: TablePlan) {
    this.numbers = plan.attributes.map(() => 0)
    this.texts = plan.attributes.map(() => 0)
    this.firstText = plan.attributes.map(() => undefined)
  }

  /** One record; `line` (of the CSV) names the first text of a column in the message. */
  observe(fields: readonly string[], line?: number): void {
    const attrs = this.plan.attributes
    for (let a = 0; a < attrs.length; a++) {
      const raw = (fields[attrs[a]!.index] ?? '').trim()
      if (isMissing(raw)) continue
      // A number out of range is still a number: the column stays numeric and the value is refused later.
      if (isNumberText(raw)) this.numbers[a]!++
      else if (this.texts[a]!++ === 0) this.firstText[a] = { raw, line }
    }
  }

  /** The kinds of the columns `fixed` does not fix (those are not checked). */
  kinds(fixed?: Readonly<Record<string, ColumnKind>>): Record<string, ColumnKind> {
    // Built with defineProperty: an assignment to out['__proto__'] would set the prototype, not a kind.
    const out: Record<string, ColumnKind> = {}
    this.plan.attributes.forEach((a, i) => {
      if (ownKind(fixed, a.name) !== undefined) return
      const numbers = this.numbers[i]!
      const texts = this.texts[i]!
      const first = this.firstText[i]
      if (texts > 0 && numbers >= MOSTLY_NUMERIC * (numbers + texts) && first !== undefined) {
        const where = first.line === undefined ? '' : `CSV line ${first.line}: `
        throw new AppError(
          'invalid_input',
          `${where}column ${a.name} holds ${JSON.stringify(first.raw)} where ${numbers} of its ${numbers + texts} values are numbers; write a missing value as empty, NA, N/A, #N/A, NaN, null, - or ?, or leave the column out (--exclude)`,
        )
      }
      Object.defineProperty(out, a.name, {
        value: texts === 0 ? 'numeric' : 'categorical',
        enumerable: true,
        writable: true,
        configurable: true,
      })
    })
    return out
  }
}
