// Builds the consumer file from the identity module and the stored tradelines.
import type { IdentityService } from '../identity/index.ts'
import { AppError } from '../platform/errors.ts'
import { DELETED_STATUSES } from './attributes.model.ts'
import { fileTradeline, type ConsumerFile } from './file.model.ts'
import type { FileStore } from './file.store.ts'

export interface FileDeps {
  store: FileStore
  identity: Pick<IdentityService, 'findConsumerByNationalId' | 'readIdentity'>
}

export function createFileService({ store, identity }: FileDeps) {
  async function byConsumerKey(consumerKey: string): Promise<ConsumerFile | undefined> {
    const id = await identity.readIdentity(consumerKey)
    if (!id) return undefined
    // Accounts the furnisher asked to delete (CRRG status DA, DF) are not reported.
    const rows = (await store.tradelines(id.consumerKey)).filter(
      (t) => !DELETED_STATUSES.has(t.account_status),
    )
    return { consumerKey: id.consumerKey, identity: id, tradelines: rows.map(fileTradeline) }
  }

  return {
    byConsumerKey,
    async byNationalId(type: string, raw: string): Promise<ConsumerFile> {
      const key = await identity.findConsumerByNationalId(type, raw, 'nationalId')
      const file = key === undefined ? undefined : await byConsumerKey(key)
      if (!file) throw new AppError('not_found', 'no file is held for that national ID')
      return file
    },
  }
}

export type FileService = ReturnType<typeof createFileService>
