// Opening a file named on the command line: its size and kind when it opens, one line naming it when it cannot.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { AppError } from './errors.ts'
import { openInputFile } from './input-file.ts'

let dir: string
before(() => (dir = mkdtempSync(join(tmpdir(), 'input-file-'))))
after(() => rmSync(dir, { recursive: true, force: true }))

describe('openInputFile', () => {
  it('opens a regular file with its size, and a device as a stream that is not regular', async () => {
    const path = join(dir, 'a.txt')
    writeFileSync(path, 'twelve bytes')
    const file = await openInputFile(path, { encoding: 'utf8' })
    let text = ''
    for await (const chunk of file.stream) text += chunk as string
    assert.deepEqual(
      { text, size: file.size, regular: file.regular },
      { text: 'twelve bytes', size: 12, regular: true },
    )
    const device = await openInputFile('/dev/null')
    assert.deepEqual({ size: device.size, regular: device.regular }, { size: 0, regular: false })
    device.stream.destroy()
  })

  it('refuses a missing file, a folder and a path through a file with invalid_input naming each', async () => {
    const file = join(dir, 'b.txt')
    writeFileSync(file, 'x')
    for (const [path, reason] of [
      [join(dir, 'missing.txt'), 'no such file'],
      [dir, 'it is a folder, not a file'],
      [join(file, 'inside'), 'no such file (a part of the path is not a folder)'],
    ] as const) {
      await assert.rejects(
        openInputFile(path),
        (e: unknown) =>
          e instanceof AppError &&
          e.code === 'invalid_input' &&
          e.message === `cannot read ${path}: ${reason}`,
      )
    }
  })
})
