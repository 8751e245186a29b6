// Where a chunk's new consumers are sealed: on the worker thread when there are many (bulk ingestion, where
// this thread is the bottleneck and the cryptography is a fifth of its work), in this thread when there are few
// (an enrolment, a small file), which a worker's start-up (about 100 ms) would only slow down.
import { OffThread } from '../platform/off-thread.ts'
import { sealConsumers, type SealedConsumers, type SealJob } from './seal-consumers.ts'

/** New consumers in one chunk from which the sealing goes to the worker thread. */
export const SEAL_OFF_THREAD_FROM = 500

const worker = new OffThread<SealJob, SealedConsumers>(new URL('./seal-worker.ts', import.meta.url))

export async function sealNewConsumers(
  job: SealJob,
  offThreadFrom: number = SEAL_OFF_THREAD_FROM,
): Promise<SealedConsumers> {
  if (job.consumers.length < offThreadFrom) return sealConsumers(job)
  // A copy of the key that shares no memory with anything else: a Buffer may be a slice of a shared pool, and
  // the whole pool would cross to the worker.
  return worker.run({ ...job, masterKey: new Uint8Array(job.masterKey) })
}
