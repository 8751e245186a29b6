import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { AppError } from '../platform/errors.ts'
import { CsvParser, parseCsv, readCsvRecords } from './csv.ts'
import { readCsvTable, tableFromCsv } from './csv-table.ts'
import { createRng } from './rng.ts'
import { splitTable } from './split.ts'
import { targetLabels } from './table.ts'

const tricky = '\ufeffid,text,n\r\n1,"a, b",2\r\n2,"say ""hi""\r\nnext line",3\n3,,4\r\n\r\n4,"",5'
const trickyRecords = [
  ['id', 'text', 'n'],
  ['1', 'a, b', '2'],
  ['2', 'say "hi"\r\nnext line', '3'],
  ['3', '', '4'],
  ['4', '', '5'],
]

describe('CsvParser', () => {
  it('reads quotes, commas and line breaks inside quotes, doubled quotes, CRLF and LF, BOM and blank lines', () => {
    assert.deepEqual(parseCsv(tricky), trickyRecords)
  })

  it('reads the same records whatever the chunk boundaries', () => {
    const rng = createRng(7)
    for (let trial = 0; trial < 50; trial++) {
      const records: string[][] = []
      const parser = new CsvParser((f) => records.push(f))
      let i = 0
      while (i < tricky.length) {
        const size = 1 + rng.int(4)
        parser.write(tricky.slice(i, i + size))
        i += size
      }
      parser.end()
      assert.deepEqual(records, trickyRecords)
    }
  })

  it('reports the starting line of each record, counting line breaks inside quotes', () => {
    const lines: number[] = []
    const parser = new CsvParser((_, line) => lines.push(line))
    parser.write('a,b\n"x\ny",1\r\nz,2\n')
    parser.end()
    assert.deepEqual(lines, [1, 2, 4])
  })

  it('keeps a trailing empty field and reads a last record without a line break', () => {
    assert.deepEqual(parseCsv('a,b,\n1,2,'), [
      ['a', 'b', ''],
      ['1', '2', ''],
    ])
  })

  it('refuses an unclosed quote and text after a closing quote, naming the line', () => {
    assert.throws(
      () => parseCsv('a\n"open'),
      (e: unknown) => e instanceof AppError && /line 2/.test(e.message),
    )
    assert.throws(
      () => parseCsv('a\n"x"y\n'),
      (e: unknown) => e instanceof AppError && /line 2/.test(e.message),
    )
  })

  it('streams a file in chunks smaller than a record', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ob-csv-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const path = join(dir, 'x.csv')
    writeFileSync(path, tricky)
    const records: string[][] = []
    for await (const batch of readCsvRecords(path, 3)) for (const r of batch) records.push(r.fields)
    assert.deepEqual(records, trickyRecords)
  })
})

describe('tableFromCsv', () => {
  it('leaves out the excluded columns, and refuses to exclude one that is not there, naming the columns', () => {
    const t = tableFromCsv('a,b,y\n1,2,0\n3,4,1\n', { target: 'y', exclude: ['b'] })
    assert.deepEqual(
      t.columns.map((c) => c.name),
      ['a'],
    )
    assert.throws(
      () => tableFromCsv('a,b,y\n1,2,0\n', { target: 'y', exclude: ['bb'] }),
      (e) => e instanceof AppError && /no column "bb"; columns are: a, b, y/.test(e.message),
    )
  })

  it('types a column numeric when every non-missing value is a number, keeping NA, NaN, null, ? and empty as missing', () => {
    const t = tableFromCsv('a,b,c,y\n1,x,NA,0\n2.5,?,1e3,1\n,y,null,1\n-3,NaN,?,0\n', { target: 'y' })
    const [a, b, c] = t.columns
    assert.equal(a?.kind, 'numeric')
    assert.equal(b?.kind, 'categorical')
    assert.equal(c?.kind, 'numeric')
    assert.deepEqual(a?.kind === 'numeric' ? [...a.values] : [], [1, 2.5, Number.NaN, -3])
    assert.deepEqual(c?.kind === 'numeric' ? [...c.values] : [], [Number.NaN, 1000, Number.NaN, Number.NaN])
    assert.deepEqual(b?.kind === 'categorical' ? [...b.codes].map((k) => (k < 0 ? null : b.levels[k])) : [], [
      'x',
      null,
      'y',
      null,
    ])
    assert.equal(
      t.columns.some((x) => x.name === 'y'),
      false,
    )
  })

  it('maps the target by the rule 1/0, true/false, yes/no, bad/good', () => {
    for (const [bad, good] of [
      ['1', '0'],
      ['TRUE', 'false'],
      ['yes', 'No'],
      ['bad', 'good'],
      ['1.0', '0.0'],
    ] as const) {
      const t = tableFromCsv(`x,y\n1,${good}\n2,${bad}\n3,${good}\n`, { target: 'y' })
      assert.deepEqual([...t.target!.values], [0, 1, 0])
      assert.equal(t.target!.bad, bad)
    }
  })

  it('refuses a target it cannot map, naming the values found', () => {
    assert.throws(
      () => tableFromCsv('x,y\n1,red\n2,blue\n', { target: 'y' }),
      (e: unknown) => e instanceof AppError && /"red"/.test(e.message) && /"blue"/.test(e.message),
    )
    assert.throws(() => targetLabels('y', ['0', '1', '2']), /found 3: "0", "1", "2"/)
    assert.throws(() => tableFromCsv('x,y\n1,1\n2,\n', { target: 'y' }), /line 3: the target y is missing/)
  })

  it('refuses a record with the wrong number of fields and a duplicate header, naming them', () => {
    assert.throws(() => tableFromCsv('a,b\n1,2\n3\n'), /line 3: 1 fields where the header has 2/)
    assert.throws(() => tableFromCsv('a,a\n1,2\n'), /column "a" appears twice/)
    assert.throws(() => tableFromCsv('a,b\n1,2\n', { target: 'z' }), /no column "z"/)
  })

  it('reads a file into the same table as the text, forced kinds included', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ob-csv-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const path = join(dir, 'x.csv')
    const text = 'code,amount,bad\n01,10,no\n02,20,yes\n01,,no\n'
    writeFileSync(path, text)
    const spec = { target: 'bad', kinds: { code: 'categorical' as const } }
    const fromFile = await readCsvTable(path, spec)
    assert.deepEqual(fromFile, tableFromCsv(text, spec))
    const code = fromFile.columns[0]!
    assert.equal(code.kind, 'categorical')
    assert.deepEqual(code.kind === 'categorical' ? code.levels : [], ['01', '02'])
  })
})

describe('splitTable', () => {
  it('splits by seed, stratified, the same way every time', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `${i},${i % 4 === 0 ? 1 : 0}`).join('\n')
    const t = tableFromCsv(`x,y\n${rows}\n`, { target: 'y' })
    const a = splitTable(t, 0.3, 5)
    const b = splitTable(t, 0.3, 5)
    const c = splitTable(t, 0.3, 6)
    assert.deepEqual(a, b)
    assert.notDeepEqual(a.test, c.test)
    assert.equal(a.test.rowCount, 60)
    assert.equal(
      a.test.target!.values.reduce((s, v) => s + v, 0),
      15,
    )
  })
})
