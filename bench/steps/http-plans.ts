// The query plans of the report path. Every statement the pg driver sends while the real code serves a report
// is recorded (a wrapper around pg.Client#query), then each is EXPLAINed with its own parameters, and every
// scan of the plan is checked: a table that is consumer-keyed or a lookup (distributed under Citus, DESIGN.md
// "Scale-out") must be reached by an index, never by a sequential scan; the small reference tables may be.
import pg from 'pg'
import { PipelinedStatements } from '../../src/platform/pipeline.ts'

export interface Statement {
  text: string
  values: unknown[]
}

export interface ScanCheck {
  statement: string
  /** e.g. `Index Scan on tradelines using tradelines_pkey: (consumer_key = $1)` */
  scans: string[]
  problems: string[]
}

/** Replicated to every node under Citus, and small: a sequential scan of them asks no shard. */
const REFERENCE_TABLES = new Set([
  'members',
  'member_metro2_ids',
  'api_keys',
  'bureau_settings',
  'audit_head',
  'models',
])
const CONTROL = /^\s*(begin|commit|rollback)\b/i

type Query = (this: pg.Client, ...args: unknown[]) => unknown

/**
 * Records every statement sent through any pg client while `fn` runs, and the round trips they took: one per
 * query call, a pipelined batch (src/platform/pipeline.ts) included.
 */
export async function captureStatements(
  fn: () => Promise<void>,
): Promise<{ statements: Statement[]; trips: number }> {
  const proto = pg.Client.prototype as unknown as { query: Query }
  const original = proto.query
  const seen: Statement[] = []
  let trips = 0
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const [first, second] = args
    trips++
    if (first instanceof PipelinedStatements)
      for (const s of first.statements) seen.push({ text: s.text, values: [...s.values] })
    else if (typeof first === 'string')
      seen.push({ text: first, values: Array.isArray(second) ? second : [] })
    else if (
      typeof first === 'object' &&
      first !== null &&
      typeof (first as { text?: unknown }).text === 'string'
    ) {
      const q = first as { text: string; values?: unknown[] }
      seen.push({ text: q.text, values: q.values ?? (Array.isArray(second) ? second : []) })
    }
    return original.apply(this, args)
  }
  try {
    await fn()
  } finally {
    proto.query = original
  }
  return { statements: seen, trips }
}

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  'Index Cond'?: string
  'Recheck Cond'?: string
  Filter?: string
  Plans?: PlanNode[]
}

interface Scan {
  type: string
  /** Undefined for a bitmap index scan, which names only its index; its heap scan names the table. */
  table: string | undefined
  text: string
}

function scansOf(node: PlanNode, out: Scan[] = []): Scan[] {
  if (
    /Scan/.test(node['Node Type']) &&
    (node['Relation Name'] !== undefined || node['Index Name'] !== undefined)
  ) {
    const table = node['Relation Name']
    const on = table === undefined ? '' : ` on ${table}`
    const how = node['Index Name'] === undefined ? '' : ` using ${node['Index Name']}`
    const cond = node['Index Cond'] ?? node['Recheck Cond'] ?? node.Filter
    out.push({
      type: node['Node Type'],
      table,
      text: `${node['Node Type']}${on}${how}${cond === undefined ? '' : `: ${cond}`}`,
    })
  }
  for (const child of node.Plans ?? []) scansOf(child, out)
  return out
}

const plan = async (c: pg.Client, s: Statement): Promise<Scan[]> => {
  const r = await c.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`explain (format json) ${s.text}`, s.values)
  return (r.rows[0]?.['QUERY PLAN'] ?? []).flatMap((p) => scansOf(p.Plan))
}

/**
 * EXPLAINs each distinct statement (transaction control left out) with the parameters it was sent with. A
 * sequential scan of a consumer-keyed or lookup table is a problem unless the planner chose it only because the
 * table is tiny: the statement is then EXPLAINed again with sequential scans disabled, and passes if the table is
 * reached through an index.
 */
export async function checkPlans(url: string, statements: readonly Statement[]): Promise<ScanCheck[]> {
  const distinct = new Map<string, Statement>()
  for (const s of statements) if (!CONTROL.test(s.text) && !distinct.has(s.text)) distinct.set(s.text, s)
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    const out: ScanCheck[] = []
    for (const s of distinct.values()) {
      const scans = await plan(c, s)
      const check: ScanCheck = {
        statement: s.text.replace(/\s+/g, ' ').trim(),
        scans: scans.map((x) => x.text),
        problems: [],
      }
      const seq = scans.filter(
        (x) => x.type === 'Seq Scan' && x.table !== undefined && !REFERENCE_TABLES.has(x.table),
      )
      if (seq.length > 0) {
        await c.query('begin')
        await c.query('set local enable_seqscan = off')
        const forced = await plan(c, s)
        await c.query('rollback')
        for (const x of seq) {
          const rows = await c.query<{ n: string }>(
            'select reltuples::bigint as n from pg_class where relname = $1',
            [x.table],
          )
          const instead = forced.find((f) => f.table === x.table && f.type !== 'Seq Scan')
          if (instead === undefined) check.problems.push(`sequential scan of ${x.table}`)
          else
            check.scans.push(
              `  (${x.table}: about ${rows.rows[0]?.n ?? '?'} rows; without sequential scans: ${instead.text})`,
            )
        }
      }
      out.push(check)
    }
    return out
  } finally {
    await c.end()
  }
}
