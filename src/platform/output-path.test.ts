import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { AppError } from './errors.ts'
import { checkOutputFile, makeOutputFolder } from './output-path.ts'

const refused = (message: string) => (e: unknown) =>
  e instanceof AppError && e.code === 'invalid_input' && e.message === message

describe('output paths', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'output-path-'))
    await writeFile(join(dir, 'data.csv'), 'a,b\n')
    await symlink(join(dir, 'data.csv'), join(dir, 'link.csv'))
  })
  after(() => rm(dir, { recursive: true, force: true }))

  it('creates a folder and its missing parents, and names a file standing in the way', async () => {
    await makeOutputFolder(join(dir, 'a', 'b', 'c'))
    assert.ok((await stat(join(dir, 'a', 'b', 'c'))).isDirectory())
    await makeOutputFolder(join(dir, 'a'))
    const through = join(dir, 'data.csv', 'inside')
    await assert.rejects(
      makeOutputFolder(through),
      refused(`cannot write ${through}: a file stands where a folder must be`),
    )
  })

  it('fails at once where a folder cannot be made, where a recursive mkdir would spin (/proc)', async (t) => {
    if (!existsSync('/proc/self')) return t.skip('no /proc on this system')
    await assert.rejects(
      makeOutputFolder('/proc/no-such-folder/x'),
      refused('cannot write /proc/no-such-folder/x: no such folder'),
    )
  })

  it('refuses a folder, a missing folder, and an input named as the output, under another name too', async () => {
    await checkOutputFile(join(dir, 'new.csv'), [join(dir, 'data.csv')])
    await assert.rejects(checkOutputFile(dir), refused(`cannot write ${dir}: it is a folder, not a file`))
    const nowhere = join(dir, 'missing', 'x.csv')
    await assert.rejects(checkOutputFile(nowhere), refused(`cannot write ${nowhere}: no such folder`))
    const data = join(dir, 'data.csv')
    await assert.rejects(
      checkOutputFile(data, [data]),
      refused(`cannot write ${data}: it is also the input (${data}); name another file for the output`),
    )
    const link = join(dir, 'link.csv')
    await assert.rejects(
      checkOutputFile(link, [data]),
      refused(`cannot write ${link}: it is also the input (${data}); name another file for the output`),
    )
  })
})
