import type { Logger } from '@subsquid/logger'
import { applyMigrationsWith } from './applyMigrations'
import type { DbSettings } from './dbSettings'
import {
  dropSecondaryIndexes,
  IndexDeferral,
  isFreshIndexerDatabase,
  restoreDeferredIndexes,
  runSql,
} from './deferredIndexes'
import { MigrationError } from './errors'
import { withClient } from './withClient'

/**
 * Rebuilds indexes an earlier run left deferred (migrations expect them), applies pending
 * migrations, then defers the secondary indexes of a database that has indexed nothing yet.
 *
 * @throws {MigrationError} when any step fails.
 * @example
 * const { ran, deferred } = await prepareSchema(settings, true, log)
 */
export async function prepareSchema(
  settings: DbSettings,
  defer: boolean,
  log: Logger,
): Promise<{ ran: string[]; deferred: number }> {
  try {
    return await withClient(settings, async (client) => {
      const run = runSql(client)
      const rebuilt = await restoreDeferredIndexes(settings, { run })
      if (rebuilt) log.info(`rebuilt ${rebuilt} indexes an earlier run had deferred`)
      // Into a fresh database the migrations' secondary indexes are not even built (else dropped).
      const deferral = defer && (await isFreshIndexerDatabase(run)) ? new IndexDeferral() : undefined
      const ran = await applyMigrationsWith(client, undefined, deferral)
      if (ran.length) log.info(`applied migrations: ${ran.join(', ')}`)
      // Indexes of migrations applied before (e.g. by squid.yaml's init step) are dropped instead.
      const names = deferral ? [...deferral.deferred.keys(), ...(await dropSecondaryIndexes(run))] : []
      if (names.length)
        log.info(
          `indexing from genesis: ${names.length} secondary indexes are built once the chain head is reached`,
        )
      return { ran, deferred: names.length }
    })
  } catch (cause) {
    throw cause instanceof MigrationError ? cause : new MigrationError({ cause })
  }
}
