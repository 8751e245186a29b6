// The worker thread's side of consumer sealing (resolve-identities.ts sends it the chunks with many new consumers).
import { serveOffThread } from '../platform/off-thread.ts'
import { sealConsumers } from './seal-consumers.ts'

serveOffThread(sealConsumers)
