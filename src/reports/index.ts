import type { IdentityService } from '../identity/index.ts'
import type { AnyKysely } from '../platform/db.ts'
import { createFileService } from './file.service.ts'
import { createFileStore } from './file.store.ts'

export type { ConsumerFile, FileTradeline } from './file.model.ts'
export type { FileService } from './file.service.ts'
export { registerFileCommand, renderConsumerFile } from './file.cli.ts'
export { paymentGrid, GRID_LEGEND, type GridMonth } from './grid.ts'

export function createReportsModule(db: AnyKysely, deps: { identity: Pick<IdentityService, 'findConsumerByNationalId' | 'readIdentity'> }) {
  return { files: createFileService({ store: createFileStore(db), identity: deps.identity }) }
}
