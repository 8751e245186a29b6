// Builds every module's service over one App: the only place where modules are wired to each other, and
// where each module's events reach the audit log.
import { currentActor, type Actor } from './actor.ts'
import type { App } from './app.ts'
import { createAuditBatcher, createAuditModule, pendingSealKey } from './audit/index.ts'
import { createConsentModule } from './consent/index.ts'
import { createConsumersModule } from './consumers/index.ts'
import { createFurnishingModule } from './furnishing/index.ts'
import { createIdentityModule } from './identity/index.ts'
import { createMembersModule } from './members/index.ts'
import { createReportsModule, tradelineAliasKey } from './reports/index.ts'
import { createRightsModule } from './rights/index.ts'
import { createScoringModule } from './scoring/index.ts'

export function createModules(app: App, fallback: Actor = { kind: 'operator', id: 'cli' }) {
  const actor = () => currentActor(fallback)
  const audit = createAuditModule(app.db, { pendingKey: pendingSealKey(app.secrets.masterKey) })
  // Reports append their events by group commit, in one transaction with their writes (recordAfter).
  const batcher = createAuditBatcher(audit, {
    maxBatch: 200,
    run: (s) => app.db.batch(s),
    transaction: (work) => app.db.transaction(work),
    runShared: (s) => app.db.sharedBatch(s),
  })
  const members = createMembersModule(app.db, {
    reads: app.db.reads,
    record: async (tx, e) => {
      await audit.append(tx, {
        actor: actor(),
        action: e.action,
        target: 'keyId' in e ? e.keyId : e.memberId,
        outcome: 'done',
        details: { memberId: e.memberId, ...('details' in e ? e.details : {}) },
      })
    },
  })
  const identity = createIdentityModule(app.db, app.secrets, {
    record: async (tx, e) => {
      await audit.append(tx, {
        actor: actor(),
        action: e.action,
        consumerKey: e.consumerKey,
        outcome: 'done',
      })
    },
    // Bound late: the consumers and furnishing modules are built on identity. Furnishing drops the consumer from
    // their accounts and deletes their history, so that no later file puts the shredded key back on an account.
    forget: async (tx, consumerKey) => {
      await consumers.forgetConsumer(tx, consumerKey)
      await furnishing.forgetConsumer(tx, consumerKey)
    },
  })
  const furnishing = createFurnishingModule(app.db, {
    identity,
    members,
    refused: async (e) => {
      await audit.appendNow({
        actor: actor(),
        action: 'batch.refused',
        target: null,
        outcome: 'refused',
        reason: e.reason,
        details: { furnisherId: e.furnisherId, fileName: e.fileName },
      })
    },
    issuesRead: async (e) => {
      await audit.appendNow({
        actor: actor(),
        action: 'batch.issues_read',
        target: e.batchId,
        outcome: 'allowed',
        details: { afterSeq: e.afterSeq, shown: e.shown },
      })
    },
    audit: async (tx, e) => {
      await audit.append(tx, {
        // Who sent the file: an operator may send one for a furnisher (`?furnisher=`, `ingest --furnisher`), and
        // the log must say so (found by probing: the furnisher was named as the actor); the furnisher is in details.
        actor: actor(),
        action: e.action,
        target: e.batchId,
        outcome: 'done',
        details: {
          furnisherId: e.furnisherId,
          records: e.counts.records,
          accepted: e.counts.accepted,
          rejected: e.counts.rejected,
        },
      })
    },
  })
  const consent = createConsentModule(app.db, {
    secrets: app.secrets,
    jurisdiction: app.config.jurisdiction,
    findConsumer: (type, raw) => identity.findConsumerByNationalId(type, raw),
    record: async (tx, e) => {
      await (tx === undefined ? audit.appendNow(e) : audit.append(tx, e))
    },
  })
  // An alert's contact number is sealed under the consumer's data key (DESIGN.md principle 4), so shredding the
  // consumer erases it with the rest of their PII.
  const rights = createRightsModule(app.db, {
    record: async (tx, e) => {
      await audit.append(tx, e)
    },
    seal: (tx, consumerKey, text) => identity.sealValue(tx, consumerKey, 'alert_contact', text),
    open: (tx, consumerKey, sealed) => identity.openValue(tx, consumerKey, 'alert_contact', sealed),
  })
  // Scoring reads the reports' attributes and the report asks scoring for its score, so the scorer is bound late
  // (reports never imports scoring).
  const reports = createReportsModule(app.db, {
    identity,
    consent,
    rights,
    audit: batcher,
    tradelineKey: tradelineAliasKey(app.secrets.masterKey),
    score: (input) => scoring.scoreForReport(input),
  })
  const scoring = createScoringModule(app.db, {
    inputsOf: (consumerKey, tx) => reports.attributeInputs(consumerKey, tx),
    inputsForMany: (consumerKeys) => reports.attributeInputsForMany(consumerKeys),
    profile: async (tx) => {
      const current = tx === undefined ? await consent.currentProfile() : await consent.profileIn(tx)
      const { scoreRange, negativeRetentionYears, negativeRetentionFrom, inquiryRetentionMonths } =
        current.profile
      return {
        code: current.code,
        scoreRange,
        retention: { negativeRetentionYears, negativeRetentionFrom, inquiryRetentionMonths },
      }
    },
    record: async (tx, e) => {
      const event = { ...e, actor: e.actor ?? actor() }
      await (tx === undefined ? audit.appendNow(event) : audit.append(tx, event))
    },
  })
  const consumers = createConsumersModule(app.db, {
    identity,
    files: reports.files,
    rights,
    members,
    secrets: app.secrets,
    record: async (tx, e) => {
      await (tx === undefined ? audit.appendNow(e) : audit.append(tx, e))
    },
  })
  return {
    audit,
    members,
    identity,
    furnishing,
    reports,
    consent,
    rights,
    consumers,
    scoring,
    /** Flushes the audit batcher: call after the server stops taking requests, before the database closes. */
    close: () => batcher.close(),
  }
}

export type Modules = ReturnType<typeof createModules>
