import type { Logger } from '@subsquid/logger'
import type { DbSettings } from '../db/dbSettings'
import { detectDeepReorg } from '../ingestion/detectDeepReorg'
import { IndexerFailedError, IndexerStoppedError } from './errors'

/**
 * Waits for the processor loop to end and says how: resolves when it finished or `signal` stopped
 * it (closing the RPC client so the loop's pending calls fail and it ends), throws the migration's
 * error when the schema could not be prepared, a `DeepReorgError` when a block committed as final
 * was replaced on chain, else an `IndexerFailedError` with the loop's error as cause. The database
 * is disconnected in every case.
 *
 * @throws {MigrationError} when migrations failed.
 * @throws {DeepReorgError} when a final block was replaced.
 * @throws {IndexerFailedError} when the loop failed otherwise.
 * @example
 * await awaitIndexerEnd({ running: runner.run(), migrated, signal, database, rpc, settings, rpcUrl, log })
 */
export async function awaitIndexerEnd(opts: {
  running: Promise<void>
  /** The schema preparation the first batch waits for. */
  migrated: Promise<unknown>
  signal?: AbortSignal
  database: { disconnect(): Promise<void> }
  // biome-ignore lint/suspicious/noExplicitAny: Subsquid's internal RPC client
  rpc: any
  settings: DbSettings
  rpcUrl: string
  log: Logger
}): Promise<void> {
  const { running, migrated, signal, database, rpc, log } = opts
  running.catch(() => {}) // observed below; after a stop its late rejection is expected
  const stopped = new Promise<void>((resolve) => {
    if (signal?.aborted) resolve()
    signal?.addEventListener('abort', () => resolve(), { once: true })
  })
  const outcome = await Promise.race([
    running.then(() => 'done' as const),
    stopped.then(() => 'stopped' as const),
    migrated.then(() => new Promise<never>(() => {})),
  ]).catch(async (err: unknown) => {
    const migrationFailure = await migrated.then(
      () => undefined,
      (e: unknown) => e,
    )
    if (migrationFailure) {
      rpc.close(migrationFailure)
      await database.disconnect().catch(() => {})
      throw migrationFailure
    }
    if (signal?.aborted || err instanceof IndexerStoppedError) return 'stopped' as const
    const deep = await detectDeepReorg(opts.settings, opts.rpcUrl, err)
    const failure = deep ?? new IndexerFailedError({ cause: err })
    log.error({ err: failure.message }, 'indexer failed')
    await database.disconnect().catch(() => {})
    throw failure
  })
  if (outcome === 'stopped') {
    // Closing the RPC client makes the runner's pending calls fail, ending its loop.
    rpc.close(new IndexerStoppedError())
    await Promise.race([running.catch(() => {}), new Promise((r) => setTimeout(r, 2000))])
    log.info('indexer stopped')
  }
  await database.disconnect().catch(() => {})
}
