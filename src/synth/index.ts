// The public surface of synth/: synthetic populations and their Metro 2 files, for demos, tests and benchmarks.
export {
  PLANTED_ERROR_KINDS,
  PLANTED_ERROR_OUTCOMES,
  plantedOutcomes,
  SYNTH_DEFAULTS,
  synthOptionsSchema,
  type FurnisherKind,
  type ManifestError,
  type PlantedError,
  type PlantedErrorKind,
  type PlantedOutcome,
  type ProductKind,
  type SynthFurnisher,
  type SynthOptions,
  type SynthOptionsInput,
  type SynthRecord,
} from './synth.model.ts'
export {
  generatePopulation,
  generationPlan,
  type GenerationPlan,
  type MonthChunk,
  type SynthAccount,
  type SynthConsumerOutput,
} from './generatePopulation.ts'
export {
  synthFileName,
  synthHeader,
  writeSynthFiles,
  type SynthFileInfo,
  type SynthResult,
  type SynthWriteOptions,
} from './writeSynthFiles.ts'
export { synthAccountsFile, type SynthAccountsFileOptions } from './synthAccountsFile.ts'
export type { PreviousRun } from './previousRun.ts'
export {
  hiddenTraits,
  synthConsumer,
  type HiddenTraits,
  type SynthAddress,
  type SynthConsumer,
  type SynthIdentity,
} from './population.ts'
export type { AccountPlan, AssociatedConsumer } from './planAccounts.ts'
export type { AccountOutcome } from './simulateAccount.ts'
export { furnisherMember, synthFurnisher, synthFurnishers } from './synthFurnishers.ts'
export { isValidSsn, ssnForIndex } from './ssnForIndex.ts'
export { plantedKindsIn } from './plantError.ts'
export { historyCode, shiftHistory } from './paymentHistory.ts'
export { truthEntry, type TruthEntry } from './truthWriter.ts'
export { Rng } from './rng.ts'
export { registerSynthCommand } from './synth.cli.ts'
export { monthsEndedBy } from './refuseFutureMonths.ts'
