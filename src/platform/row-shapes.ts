// Rows of pipelined statements turned into objects as node-postgres's Result does, with the work per row
// description done once per shape of row instead of once per statement: node-postgres looks up every column's
// type parser and builds a template row (in dictionary mode) for every result, which cost about 40 µs of a
// lender report's 10 statements. The shapes are those of the application's statements: few, and bounded here.
import pg from 'pg'

interface FieldDescription {
  name: string
  dataTypeID: number
  format?: string | undefined
}

interface Shape {
  readonly fields: readonly FieldDescription[]
  readonly names: readonly string[]
  readonly parsers: readonly ((raw: unknown) => unknown)[]
  readonly binary: readonly boolean[]
}

const MAX_SHAPES = 1000
/** The last shape of each statement's rows, by statement text; checked against each row description. */
const shapes = new Map<string, Shape>()

const sameFields = (a: readonly FieldDescription[], b: readonly FieldDescription[]) =>
  a.length === b.length &&
  a.every((f, i) => f.name === b[i]!.name && f.dataTypeID === b[i]!.dataTypeID && f.format === b[i]!.format)

function shapeOf(statement: string, fields: readonly FieldDescription[]): Shape {
  let shape = shapes.get(statement)
  if (shape === undefined || !sameFields(shape.fields, fields)) {
    // The type parsers are node-postgres's (pg.types), as set at start-up (postgres-db.ts): read once per shape.
    shape = {
      fields: fields.map(({ name, dataTypeID, format }) => ({ name, dataTypeID, format })),
      names: fields.map((f) => f.name),
      parsers: fields.map(
        (f) =>
          pg.types.getTypeParser(f.dataTypeID, (f.format ?? 'text') as 'text') as (raw: unknown) => unknown,
      ),
      binary: fields.map((f) => f.format === 'binary'),
    }
    if (shapes.size >= MAX_SHAPES) shapes.clear()
    shapes.set(statement, shape)
  }
  return shape
}

const PgResult = (pg as unknown as { Result: new () => { rows: Record<string, unknown>[] } }).Result

/** node-postgres's Result, its row description and rows read through a cached shape. */
export class ShapedResult extends PgResult {
  private shape: Shape = { fields: [], names: [], parsers: [], binary: [] }

  /** statement: the text of the statement whose rows these are. */
  constructor(private readonly statement: string) {
    super()
  }

  addFields(fields: readonly FieldDescription[]): void {
    this.shape = shapeOf(this.statement, fields)
  }

  parseRow(raw: readonly unknown[]): Record<string, unknown> {
    const { names, parsers, binary } = this.shape
    const row: Record<string, unknown> = {}
    for (let i = 0; i < raw.length; i++) {
      const v = raw[i]
      row[names[i]!] = v === null ? null : parsers[i]!(binary[i] ? Buffer.from(v as Uint8Array) : v)
    }
    return row
  }
}
