#!/usr/bin/env node
// Prints the test files that use a test database: those whose relative imports reach the harness that opens
// one (src/platform/testing.ts: PGlite, or a fresh database on the server that DATABASE_URL names). .ci/run
// runs these again on PostgreSQL; the rest (codecs, rules, and the CLI tests, which keep their children on an
// embedded database of their own whatever DATABASE_URL says) would only repeat their PGlite run.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const harness = join(root, 'src', 'platform', 'testing.ts')
// Static imports and re-exports (`from './x.ts'`), bare imports (`import './x.ts'`) and dynamic ones.
const specifier = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g

const testFiles = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join(root, 'src', f))
  .sort()

const reaches = new Map()
function reachesHarness(file, visiting = new Set()) {
  if (file === harness) return true
  const known = reaches.get(file)
  if (known !== undefined) return known
  if (visiting.has(file)) return false
  visiting.add(file)
  let source
  try {
    source = readFileSync(file, 'utf8')
  } catch {
    return false
  }
  let found = false
  for (const [, path] of source.matchAll(specifier)) {
    if (reachesHarness(resolve(dirname(file), path), visiting)) {
      found = true
      break
    }
  }
  visiting.delete(file)
  reaches.set(file, found)
  return found
}

for (const file of testFiles) if (reachesHarness(file)) console.log(relative(root, file))
