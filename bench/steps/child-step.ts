// Steps that run in a process of their own (the server, the load generator): started with tsx from this
// checkout, their stdout read for the last JSON line they print.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

export function child(script: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawn(process.execPath, ['--import', 'tsx', join(root, 'bench', 'steps', script), ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
}

export function lastJson(script: string, args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const p = child(script, args)
    let out = ''
    p.stdout.setEncoding('utf8').on('data', (s: string) => (out += s))
    p.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${script} ${args.join(' ')} exited with ${code}`))
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, unknown>)
    })
  })
}
