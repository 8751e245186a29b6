// The in-memory table the scoring module works on: one typed array per column, so that a million rows of
// thirty attributes are a few hundred megabytes and every pass over them is a tight loop.
// Numeric columns hold NaN for a missing value; categorical columns hold a level code, -1 when missing.
import { AppError } from '../platform/errors.ts'

export type ColumnKind = 'numeric' | 'categorical'

export interface NumericColumn {
  readonly kind: 'numeric'
  readonly name: string
  readonly values: Float64Array
}

export interface CategoricalColumn {
  readonly kind: 'categorical'
  readonly name: string
  readonly codes: Int32Array
  readonly levels: readonly string[]
}

export type Column = NumericColumn | CategoricalColumn

/** The outcome: 1 for the event (a bad: default), 0 for a good; `bad` and `good` are the raw labels. */
export interface Target {
  readonly name: string
  readonly values: Uint8Array
  readonly bad: string
  readonly good: string
}

export interface Table {
  readonly rowCount: number
  /** The attributes; the target is never among them. */
  readonly columns: readonly Column[]
  readonly target?: Target
}

// The markers of a missing value that spreadsheets, R, pandas and the UCI files write. Without N/A and "-", a
// numeric column with a few of them was typed categorical and dropped as a weak attribute, silently. "none" is
// not one: it can be a category (no checking account).
const MISSING = new Set(['', 'na', 'n/a', '#n/a', 'nan', 'null', '?', '-'])
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * Missing-value markers, case-insensitive, after trimming: empty, NA, N/A, #N/A (a spreadsheet's), NaN, null,
 * `-` and `?` (UCI's marker).
 */
export function isMissing(raw: string): boolean {
  return raw.length === 0 || (raw.length <= 4 && MISSING.has(raw.toLowerCase()))
}

/** Whether the text is written as a decimal number (in range or not). */
export const isNumberText = (raw: string): boolean => NUMBER.test(raw)

/**
 * A decimal number (no thousands separators, no Infinity); NaN when the text is not one, or is one beyond the
 * range of a double (`1e400`), which would fall past the last bin of every scorecard.
 */
export function parseNumber(raw: string): number {
  if (!NUMBER.test(raw)) return Number.NaN
  const n = Number(raw)
  return Number.isFinite(n) ? n : Number.NaN
}

/** Why `raw`, which parseNumber refused, is not a number a column can hold. */
export function notANumber(raw: string): string {
  return NUMBER.test(raw)
    ? `${JSON.stringify(raw)}, a number beyond the range of a double (about ±1.8e308)`
    : JSON.stringify(raw)
}

// The labels that name the event (bad) and the non-event (good) of a binary target.
const BAD_LABELS = new Set(['1', 'true', 't', 'yes', 'y', 'bad', 'default', 'defaulted'])
const GOOD_LABELS = new Set(['0', 'false', 'f', 'no', 'n', 'good'])

function canonicalLabel(raw: string): string {
  const n = parseNumber(raw)
  return Number.isNaN(n) ? raw.toLowerCase() : String(n)
}

/**
 * Which of a target's two values is the bad one. Rule: 1 against 0, true against false, yes against no,
 * bad against good (case-insensitive; 1.0 reads as 1). Anything else is an error that names what was found.
 */
export function targetLabels(name: string, distinct: readonly string[]): { bad: string; good: string } {
  const shown = distinct
    .slice(0, 10)
    .map((v) => JSON.stringify(v))
    .join(', ')
  if (distinct.length !== 2) {
    throw new AppError(
      'invalid_input',
      `target column ${name} must hold exactly two values (1/0, true/false, yes/no, bad/good); found ${distinct.length}: ${shown}`,
    )
  }
  const [a, b] = distinct as [string, string]
  const ca = canonicalLabel(a)
  const cb = canonicalLabel(b)
  if (BAD_LABELS.has(ca) && GOOD_LABELS.has(cb)) return { bad: a, good: b }
  if (BAD_LABELS.has(cb) && GOOD_LABELS.has(ca)) return { bad: b, good: a }
  throw new AppError(
    'invalid_input',
    `target column ${name}: cannot tell which value is bad among ${shown}; use 1/0, true/false, yes/no or bad/good`,
  )
}

export interface TableSpec {
  /** The target column, when the data has one. */
  readonly target?: string | undefined
  /** Only these attribute columns (default: every column but the target and the excluded ones). */
  readonly columns?: readonly string[] | undefined
  readonly exclude?: readonly string[] | undefined
  /** Kinds fixed in advance (as a model knows them); a column not named here has its kind inferred. */
  readonly kinds?: Readonly<Record<string, ColumnKind>> | undefined
}

/** Which header positions are read, and what each is. */
export interface TablePlan {
  readonly width: number
  readonly attributes: readonly { readonly name: string; readonly index: number }[]
  readonly target: { readonly name: string; readonly index: number } | undefined
}

/**
 * The kind `kinds` fixes for a column, own properties only: a column may have any name, `__proto__` or
 * `constructor` included, and must never read a kind from Object.prototype.
 */
export function ownKind(
  kinds: Readonly<Record<string, ColumnKind>> | undefined,
  name: string,
): ColumnKind | undefined {
  return kinds !== undefined && Object.hasOwn(kinds, name) ? kinds[name] : undefined
}

export function planTable(header: readonly string[], spec: TableSpec): TablePlan {
  const names = header.map((h) => h.trim())
  const seen = new Set<string>()
  for (const n of names) {
    if (seen.has(n))
      throw new AppError('invalid_input', `CSV header: column ${JSON.stringify(n)} appears twice`)
    seen.add(n)
  }
  const indexOf = (name: string): number => {
    const i = names.indexOf(name)
    if (i < 0) {
      throw new AppError(
        'invalid_input',
        `the data has no column ${JSON.stringify(name)}; columns are: ${names.join(', ')}`,
      )
    }
    return i
  }
  const target = spec.target === undefined ? undefined : { name: spec.target, index: indexOf(spec.target) }
  const excluded = new Set(spec.exclude ?? [])
  // An excluded column that is not there is a misspelling, which would leave the column meant in the model.
  for (const name of excluded) indexOf(name)
  const wanted = spec.columns ?? names.filter((n) => n !== spec.target && !excluded.has(n))
  const attributes = wanted.filter((n) => n !== spec.target).map((name) => ({ name, index: indexOf(name) }))
  // A column without a name cannot be an attribute (a model and its reasons are keyed by the name), so it is
  // refused here, where its position can still be named; one that is not read (apply's data) may stay.
  const unnamed = attributes.find((a) => a.name === '')
  if (unnamed) throw new AppError('invalid_input', `CSV header: column ${unnamed.index + 1} has no name`)
  return { width: names.length, attributes, target }
}

interface Builder {
  numeric: Float64Array | undefined
  codes: Int32Array | undefined
  levels: Map<string, number>
}

/** Fills typed columns record by record (growing as needed); one builder per table. */
export class TableBuilder {
  private rows = 0
  private capacity: number
  private readonly builders: Builder[]
  private targetCodes: Int32Array
  private readonly targetLevels = new Map<string, number>()

  constructor(
    private readonly plan: TablePlan,
    kinds: Readonly<Record<string, ColumnKind>>,
    capacity = 1024,
  ) {
    this.capacity = Math.max(16, capacity)
    this.builders = plan.attributes.map((a) => {
      const numeric = ownKind(kinds, a.name) === 'numeric'
      return {
        numeric: numeric ? new Float64Array(this.capacity) : undefined,
        codes: numeric ? undefined : new Int32Array(this.capacity),
        levels: new Map(),
      }
    })
    this.targetCodes = new Int32Array(plan.target ? this.capacity : 0)
  }

  add(fields: readonly string[], line: number): void {
    if (fields.length !== this.plan.width) {
      throw new AppError(
        'invalid_input',
        `CSV line ${line}: ${fields.length} fields where the header has ${this.plan.width}`,
      )
    }
    if (this.rows === this.capacity) this.grow()
    const r = this.rows++
    const attrs = this.plan.attributes
    for (let a = 0; a < attrs.length; a++) {
      const raw = fields[attrs[a]!.index]!.trim()
      const b = this.builders[a]!
      if (b.numeric) {
        const v = isMissing(raw) ? Number.NaN : parseNumber(raw)
        if (Number.isNaN(v) && !isMissing(raw)) {
          throw new AppError(
            'invalid_input',
            `CSV line ${line}: column ${attrs[a]!.name} is numeric but holds ${notANumber(raw)}`,
          )
        }
        b.numeric[r] = v
      } else {
        b.codes![r] = isMissing(raw) ? -1 : codeOf(b.levels, raw)
      }
    }
    if (this.plan.target) {
      const raw = fields[this.plan.target.index]!.trim()
      if (isMissing(raw))
        throw new AppError(
          'invalid_input',
          `CSV line ${line}: the target ${this.plan.target.name} is missing`,
        )
      this.targetCodes[r] = codeOf(this.targetLevels, raw)
    }
  }

  finish(): Table {
    const n = this.rows
    const columns: Column[] = this.plan.attributes.map((a, i) => {
      const b = this.builders[i]!
      return b.numeric
        ? { kind: 'numeric', name: a.name, values: b.numeric.slice(0, n) }
        : { kind: 'categorical', name: a.name, codes: b.codes!.slice(0, n), levels: [...b.levels.keys()] }
    })
    if (!this.plan.target) return { rowCount: n, columns }
    const name = this.plan.target.name
    const labels = targetLabels(name, [...this.targetLevels.keys()])
    const badCode = this.targetLevels.get(labels.bad)!
    const values = new Uint8Array(n)
    for (let r = 0; r < n; r++) values[r] = this.targetCodes[r] === badCode ? 1 : 0
    return { rowCount: n, columns, target: { name, values, ...labels } }
  }

  private grow(): void {
    this.capacity *= 2
    for (const b of this.builders) {
      if (b.numeric) b.numeric = grown(b.numeric, this.capacity)
      if (b.codes) b.codes = grown(b.codes, this.capacity)
    }
    if (this.plan.target) this.targetCodes = grown(this.targetCodes, this.capacity)
  }
}

function codeOf(levels: Map<string, number>, raw: string): number {
  let code = levels.get(raw)
  if (code === undefined) {
    code = levels.size
    levels.set(raw, code)
  }
  return code
}

function grown<T extends Float64Array | Int32Array>(a: T, capacity: number): T {
  const b = new (a.constructor as new (n: number) => T)(capacity)
  b.set(a)
  return b
}
