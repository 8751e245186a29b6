// Entry of every worker thread that OffThread starts: workers do not inherit the TypeScript loader that the
// main thread registered (bin/openbureau.mjs, or node --import tsx), so each registers its own, then loads
// the TypeScript entry it was given.
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData.entry)
