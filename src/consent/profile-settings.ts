// The current jurisdiction profile: the configured default (OPENBUREAU_JURISDICTION) unless the operator has
// set another at run time, kept in bureau_settings so that every process of the bureau reads the same one.
import type { JurisdictionCode } from '../config.ts'
import type { Tx } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'
import { mapped, type Planned } from '../platform/planned.ts'
import type { ConsentStore } from './consent.store.ts'
import { isJurisdictionCode, jurisdictionProfile, type JurisdictionProfile } from './jurisdiction.ts'

export const JURISDICTION_SETTING = 'jurisdiction'

export interface CurrentProfile {
  code: JurisdictionCode
  /** `config`: the configured default; `operator`: set at run time. */
  source: 'config' | 'operator'
  profile: JurisdictionProfile
}

export function createProfileSettings(
  store: Pick<ConsentStore, 'setting' | 'settingRead' | 'putSetting'>,
  defaultCode: JurisdictionCode,
) {
  function profileOf(stored: unknown): CurrentProfile {
    if (stored === undefined)
      return { code: defaultCode, source: 'config', profile: jurisdictionProfile(defaultCode) }
    // Fail closed: a setting that names no profile must not quietly fall back to a laxer default.
    if (typeof stored !== 'string' || !isJurisdictionCode(stored)) {
      throw new Error(
        `bureau_settings.${JURISDICTION_SETTING} holds ${JSON.stringify(stored)}, which names no profile`,
      )
    }
    return { code: stored, source: 'operator', profile: jurisdictionProfile(stored) }
  }

  return {
    /** Read in the caller's transaction, so a report and its consent check use one profile. */
    async current(tx: Tx): Promise<CurrentProfile> {
      return profileOf(await store.setting(tx, JURISDICTION_SETTING))
    },

    /** The same read, planned: to go out with other statements in one round trip (the lender report's). */
    read: (): Planned<CurrentProfile> => mapped(store.settingRead(JURISDICTION_SETTING), profileOf),

    async set(tx: Tx, code: string, now: Date): Promise<{ before: CurrentProfile; after: CurrentProfile }> {
      if (!isJurisdictionCode(code)) throw new AppError('invalid_input', `no jurisdiction profile "${code}"`)
      const before = await this.current(tx)
      await store.putSetting(tx, JURISDICTION_SETTING, code, now)
      return { before, after: { code, source: 'operator', profile: jurisdictionProfile(code) } }
    },
  }
}

export type ProfileSettings = ReturnType<typeof createProfileSettings>
