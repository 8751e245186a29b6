// The server of the HTTP benchmark, in a process of its own: the real buildServer over createModules, as
// `openbureau serve` builds it, on the PostgreSQL database and with the secrets given in the environment (the
// same variables as production), rate limit and request logging off. Prints `listening <url>` once it listens;
// on SIGTERM it closes (the audit batcher flushed) and prints its CPU time and peak memory as one JSON line.
import { openApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { createModules } from '../../src/modules.ts'
import { buildServer } from '../../src/server.ts'
import { peakRssMb } from './common.ts'

const app = await openApp(loadConfig(process.env))
const mods = createModules(app)
const server = await buildServer(app, mods, { rateLimit: false, logRequests: false })
const address = await server.listen({ host: '127.0.0.1', port: 0 })
process.stdout.write(`listening ${address}\n`)

process.once('SIGTERM', () => {
  void (async () => {
    await server.close()
    await mods.close()
    await app.close()
    const cpu = process.cpuUsage()
    process.stdout.write(
      JSON.stringify({
        cpuUserSeconds: cpu.user / 1e6,
        cpuSystemSeconds: cpu.system / 1e6,
        peakRssMb: peakRssMb(),
      }) + '\n',
    )
    process.exit(0)
  })()
})
