// Who looked: the consumer sees every inquiry on their file with its member, purpose, legal ground and consent
// (FCRA §609(a)(3), GDPR art. 15(1)(c)); a member sees the inquiries it made itself. Both lists are paged by
// a keyset cursor (platform/page-cursor.ts), so an inquiry recorded between two pages neither repeats nor hides one.
import { z } from 'zod'
import type { Db } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'
import type { Principal } from '../platform/http/index.ts'
import type { ConsumerInquiry, InquiryPage, MemberInquiry, Page } from './inquiry.model.ts'
import { inquiriesOfMember, inquiryPageOfConsumer } from './inquiry.store.ts'

const uuid = z.uuid()

export function createInquiryService({ db }: { db: Db }) {
  return {
    /** Hard and soft alike, newest first; a session whose consumer has no file has no inquiries. */
    async forConsumer(principal: Principal, page: InquiryPage): Promise<Page<ConsumerInquiry>> {
      if (principal.kind !== 'consumer')
        throw new AppError('forbidden', 'only the consumer lists the inquiries of their file')
      const key = principal.id.toLowerCase()
      if (!uuid.safeParse(key).success) return { items: [] }
      const { items, next } = await inquiryPageOfConsumer(db.kysely, key, page)
      return { items: items.map(({ consumerKey: _, ...q }) => q), ...(next === undefined ? {} : { next }) }
    },

    async forMember(principal: Principal, page: InquiryPage): Promise<Page<MemberInquiry>> {
      if (principal.kind !== 'member')
        throw new AppError('forbidden', 'only a member lists its own inquiries')
      return inquiriesOfMember(db.kysely, principal.id, page)
    },
  }
}

export type InquiryService = ReturnType<typeof createInquiryService>
