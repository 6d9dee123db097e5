// The public surface of src/db: what other folders and the tests import, and every error class.
// Everything else is internal.
export { applyMigrations, applyMigrationsWith, MIGRATIONS_LOCK_KEY } from './applyMigrations'
export { createDataSource, ENTITY_CLASSES, MIGRATIONS_DIR } from './createDataSource'
export { type DbSettings, dbSettingsFromUrl, dbSettingsToEnv, dbSettingsToUrl } from './dbSettings'
export {
  deferIndexes,
  dropSecondaryIndexes,
  IndexDeferral,
  restoreDeferredIndexes,
  runSql,
} from './deferredIndexes'
export * from './errors'
export { generateMigration } from './generateMigration'
export { packagedNativeDir, postgresBinaries } from './postgresBinaries'
export { type PostgresProcess, runInitdb, spawnPostgres } from './postgresProcesses'
export { prepareSchema } from './prepareSchema'
export { ProcessorDatabase } from './processorDatabase'
export { DEFAULT_RELOCATION_DIR } from './relocationDir'
export { scramVerifier } from './scramVerifier'
export { runsAs, type ServerUser, serverUser } from './serverUser'
export { type DatabaseHandle, startDatabase } from './startDatabase'
export { type EmbeddedPostgresServer, startEmbeddedPostgres } from './startEmbeddedPostgres'
export { passwordFile } from './superuserPassword'
export { transactionClient } from './transactionClient'
