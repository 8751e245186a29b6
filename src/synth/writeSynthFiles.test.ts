import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createReadStream } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Command } from 'commander'
import { readMetro2, type DataRecord, type HeaderRecord, type TrailerRecord } from '../metro2/index.ts'
import { AppError } from '../platform/errors.ts'
import { generatePopulation } from './generatePopulation.ts'
import { plantedKindsIn } from './plantError.ts'
import { registerSynthCommand } from './synth.cli.ts'
import { parseMonth, type SynthOptionsInput } from './synth.model.ts'
import { synthFurnishers } from './synthFurnishers.ts'
import type { TruthEntry } from './truthWriter.ts'
import { synthAccountsFile } from './synthAccountsFile.ts'
import { synthFileName, writeSynthFiles, type SynthResult } from './writeSynthFiles.ts'

interface ReadBack {
  header: HeaderRecord | undefined
  records: DataRecord[]
  trailer: TrailerRecord | undefined
  problems: string[]
}

async function readBack(path: string): Promise<ReadBack> {
  const out: ReadBack = { header: undefined, records: [], trailer: undefined, problems: [] }
  for await (const batch of readMetro2(createReadStream(path))) {
    for (const e of batch) {
      if (e.kind === 'header') out.header = e.header
      else if (e.kind === 'record') out.records.push(e.record)
      else if (e.kind === 'trailer') out.trailer = e.trailer
      else if (e.kind === 'unreadable') out.problems.push(`unreadable record ${e.recordNo}`)
      for (const i of e.issues ?? []) if (i.severity === 'error') out.problems.push(`${i.rule}: ${i.message}`)
    }
  }
  return out
}

async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(dir)).sort()
  return new Map(await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n))] as const)))
}

/** What the files must hold: the generated records, grouped per file, in generation order. */
function expectedFiles(options: SynthOptionsInput): Map<string, DataRecord[]> {
  const furnishers = synthFurnishers(options.furnishers ?? 5)
  const byFile = new Map<string, DataRecord[]>()
  for (const c of generatePopulation(options)) {
    for (const a of c.accounts) {
      for (const r of a.records) {
        const name = synthFileName(furnishers[r.furnisher]!, r.month)
        byFile.set(name, [...(byFile.get(name) ?? []), r.record])
      }
    }
  }
  return byFile
}

/** The codec fills the descriptor words in; the generator leaves them to it. */
function withWords(expected: DataRecord, read: DataRecord): DataRecord {
  const base = { ...expected.base, recordDescriptorWord: read.base.recordDescriptorWord }
  if (read.base.blockDescriptorWord !== undefined) base.blockDescriptorWord = read.base.blockDescriptorWord
  return { ...expected, base }
}

describe('writeSynthFiles', () => {
  const options = { consumers: 400, furnishers: 5, months: 3, seed: 4242, errorRate: 0.01 }
  let root: string
  let first: SynthResult
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'synth-'))
    first = await writeSynthFiles({ ...options, out: join(root, 'a'), truth: join(root, 'a-truth.json') })
  })
  after(() => rm(root, { recursive: true, force: true }))

  it('writes one file per furnisher and month, named <id>-<YYYY-MM>.dat, and a manifest', async () => {
    const names = [...(await filesOf(first.out)).keys()]
    const expected = synthFurnishers(5).flatMap((f) =>
      [0, 1, 2].map((m) => synthFileName(f, parseMonth('2024-01') + m)),
    )
    assert.deepEqual(names, [...expected, 'manifest.json'].sort())
    const manifest = JSON.parse(await readFile(first.manifest, 'utf8')) as {
      files: unknown[]
      totals: { records: number }
    }
    assert.equal(manifest.files.length, 15)
    assert.equal(manifest.totals.records, first.records)
  })

  it('leaves no cut-off file under a Metro 2 name when interrupted', async () => {
    const out = join(root, 'interrupted')
    const { DATABASE_URL: _server, ...env } = process.env
    const run = spawn(
      process.execPath,
      ['bin/openbureau.mjs', 'synth', '--consumers', '200000', '--months', '2', '--out', out],
      { cwd: join(import.meta.dirname, '../..'), env, stdio: 'ignore' },
    )
    const exited = new Promise<number | null>((r) => run.on('exit', (code) => r(code)))
    const started = Date.now()
    while (!(await readdir(out).catch(() => [])).some((f) => f.endsWith('.partial'))) {
      assert.ok(Date.now() - started < 60_000, 'synth never started writing')
      await new Promise((r) => setTimeout(r, 50))
    }
    run.kill('SIGINT')
    await exited
    const left = await readdir(out)
    assert.ok(left.length > 0)
    assert.deepEqual(
      left.filter((f) => !f.endsWith('.partial')),
      [],
    )
  })

  it('gives byte-identical files for the same seed, and different ones for another seed', async () => {
    const again = await writeSynthFiles({
      ...options,
      out: join(root, 'b'),
      truth: join(root, 'b-truth.json'),
    })
    assert.deepEqual(await filesOf(again.out), await filesOf(first.out))
    assert.deepEqual(await readFile(join(root, 'b-truth.json')), await readFile(join(root, 'a-truth.json')))
    const other = await writeSynthFiles({ ...options, seed: 1, out: join(root, 'c') })
    assert.notDeepEqual(
      (await filesOf(other.out)).get('SY001-2024-01.dat'),
      (await filesOf(first.out)).get('SY001-2024-01.dat'),
    )
  })

  it('writes the same bytes when the months are written in chunks', async () => {
    const chunked = await writeSynthFiles({ ...options, out: join(root, 'd'), maxOpenFiles: 5 })
    assert.deepEqual(await filesOf(chunked.out), await filesOf(first.out))
  })

  it('round-trips every record through the codec reader, with header and computed trailer', async () => {
    const expected = expectedFiles(options)
    const furnishers = synthFurnishers(5)
    for (const f of first.files) {
      const back = await readBack(f.path)
      assert.deepEqual(back.problems, [], f.file)
      const id = furnishers.find(
        (x) => x.identificationNumber === f.identificationNumber,
      )!.identificationNumber
      assert.equal(back.header?.innovisProgramIdentifier, id)
      assert.equal(back.header?.equifaxProgramIdentifier, id)
      assert.equal(back.header?.experianProgramIdentifier, id)
      assert.equal(back.header?.transUnionProgramIdentifier, id)
      assert.equal(back.header?.activityDate, back.records[0]?.base.dateAccountInformation)
      const want = expected.get(f.file) ?? []
      assert.equal(back.records.length, want.length)
      back.records.forEach((r, i) => assert.deepEqual(r, withWords(want[i]!, r), `${f.file} record ${i + 1}`))
      assert.equal(back.trailer?.totalBaseRecords, f.records)
      assert.equal(back.trailer?.totalConsumerSegmentsJ1, f.j1)
      assert.equal(back.trailer?.totalConsumerSegmentsJ2, f.j2)
      assert.equal(back.trailer?.totalStatusCode11, want.filter((r) => r.base.accountStatus === '11').length)
    }
  })

  it('round-trips in the variable and packed formats too', async () => {
    for (const format of ['variable', 'packed'] as const) {
      const small = { consumers: 120, furnishers: 4, months: 2, seed: 9, format, errorRate: 0.02 }
      const result = await writeSynthFiles({ ...small, out: join(root, format) })
      const expected = expectedFiles(small)
      for (const f of result.files) {
        const back = await readBack(f.path)
        assert.deepEqual(back.problems, [], `${format} ${f.file}`)
        const want = expected.get(f.file) ?? []
        assert.equal(back.records.length, want.length)
        back.records.forEach((r, i) => assert.deepEqual(r, withWords(want[i]!, r)))
        assert.equal(back.trailer?.totalBaseRecords, want.length)
      }
    }
  })

  it('lists exactly the planted errors in the manifest', async () => {
    const found: string[] = []
    for (const f of first.files) {
      const back = await readBack(f.path)
      back.records.forEach((r, i) => {
        for (const kind of plantedKindsIn(r)) found.push(`${f.file}#${i + 1}:${kind}`)
      })
    }
    const listed = first.errors.map((e) => `${e.file}#${e.record}:${e.kind}`)
    assert.ok(listed.length > 20, `only ${listed.length} errors planted`)
    assert.deepEqual(found.sort(), listed.sort())
    assert.ok(new Set(first.errors.map((e) => e.kind)).size >= 4)
  })

  it('plants no error with --errors 0', async () => {
    const clean = await writeSynthFiles({ ...options, errorRate: 0, out: join(root, 'clean') })
    assert.equal(clean.errors.length, 0)
    for (const f of clean.files)
      for (const r of (await readBack(f.path)).records) assert.deepEqual(plantedKindsIn(r), [])
  })

  it('writes the truth: hidden traits per SSN for every consumer of the files', async () => {
    const truth = JSON.parse(await readFile(join(root, 'a-truth.json'), 'utf8')) as {
      seed: number
      consumers: TruthEntry[]
    }
    assert.equal(truth.seed, options.seed)
    assert.equal(truth.consumers.length, options.consumers)
    const bySsn = new Map(truth.consumers.map((c) => [c.ssn, c]))
    assert.equal(bySsn.size, options.consumers)
    const planted = new Set(
      first.errors.filter((e) => e.kind === 'invalid_ssn').map((e) => `${e.file}#${e.record}`),
    )
    for (const f of first.files) {
      ;(await readBack(f.path)).records.forEach((r, i) => {
        if (planted.has(`${f.file}#${i + 1}`)) return
        assert.ok(bySsn.has(String(r.base.socialSecurityNumber).padStart(9, '0')))
        for (const j of r.j1) assert.ok(bySsn.has(String(j.socialSecurityNumber).padStart(9, '0')))
      })
    }
    assert.ok(truth.consumers.some((c) => c.bad) && truth.consumers.some((c) => !c.bad))
  })
})

describe('synthAccountsFile', () => {
  it('writes one clean file of exactly the requested number of accounts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synth-accounts-'))
    try {
      const file = await synthAccountsFile({ accounts: 2500, seed: 5, out: dir })
      assert.equal(file.records, 2500)
      const back = await readBack(file.path)
      assert.deepEqual(back.problems, [])
      assert.equal(back.records.length, 2500)
      assert.equal(back.trailer?.totalBaseRecords, 2500)
      assert.equal(new Set(back.records.map((r) => r.base.consumerAccountNumber)).size, 2500)
      assert.ok(back.records.every((r) => plantedKindsIn(r).length === 0))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('openbureau synth', () => {
  it('writes the files and says what it wrote', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synth-cli-'))
    try {
      let printed = ''
      const program = new Command().exitOverride()
      registerSynthCommand(program, { stdout: { write: (t: string) => (printed += t) } })
      await program.parseAsync(
        [
          'synth',
          '--consumers',
          '60',
          '--furnishers',
          '4',
          '--months',
          '2',
          '--seed',
          '8',
          '--out',
          dir,
          '--errors',
          '0.05',
          '--format',
          'variable',
        ],
        { from: 'user' },
      )
      const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
        errors: unknown[]
        options: { format: string }
      }
      assert.equal(manifest.options.format, 'variable')
      assert.match(printed, /wrote 8 Metro 2 files/)
      assert.match(printed, /SY001-2024-01\.dat {2}\d+ records/)
      assert.match(printed, new RegExp(`errors planted: ${manifest.errors.length}`))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('refuses bad values as invalid input, naming every option at fault', async () => {
    const program = new Command().exitOverride()
    registerSynthCommand(program, { stdout: { write: () => true } })
    await assert.rejects(
      program.parseAsync(
        ['synth', '--out', '/nonexistent', '--months', '0', '--errors', '2', '--start', '2024-13'],
        { from: 'user' },
      ),
      (e: { code?: string; message: string }) =>
        e.code === 'invalid_input' &&
        /--months/.test(e.message) &&
        /--errors/.test(e.message) &&
        /--start/.test(e.message),
    )
  })

  it('refuses a start month whose dates Metro 2 cannot hold, before writing any file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synth-start-'))
    try {
      for (const start of ['0000-01', '9999-12']) {
        const program = new Command().exitOverride()
        registerSynthCommand(program, { stdout: { write: () => true } })
        await assert.rejects(
          program.parseAsync(['synth', '--out', join(dir, start), '--start', start], { from: 'user' }),
          (e: { code?: string; message: string }) =>
            e.code === 'invalid_input' && e.message === '--start: must be a month from 1970-01 to 2899-12',
        )
      }
      assert.deepEqual(await readdir(dir), [], 'no folder, no file')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('refuses an --out that is, or runs through, a file, as invalid input naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synth-out-'))
    try {
      const file = join(dir, 'a-file')
      await writeFile(file, 'not a folder')
      for (const out of [file, join(file, 'inside')]) {
        await assert.rejects(
          writeSynthFiles({ out, consumers: 2, furnishers: 1, months: 1, seed: 1 }),
          (e: unknown) =>
            e instanceof AppError &&
            e.code === 'invalid_input' &&
            e.message === `cannot write ${out}: a file stands where a folder must be`,
        )
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
