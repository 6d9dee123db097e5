import pg from 'pg'
import type { DbSettings } from '../../../src/db/dbSettings'
import { processorStatusSql } from '../../../src/db/tables/processorStatus'
import type { Manifest } from '../../../src/manifest/manifest'
import { type RunIndexerOptions, runIndexer } from '../../../src/processor/runIndexer'

/** Height the indexer has committed (finalized or hot), or -1. */
export async function indexedHeight(db: DbSettings): Promise<number> {
  const client = new pg.Client({ ...db })
  await client.connect()
  try {
    const r = await client.query<{ height: number }>(`SELECT ${processorStatusSql.processedHeight} AS height`)
    return Number(r.rows[0]?.height ?? -1)
  } catch {
    return -1
  } finally {
    await client.end()
  }
}

/** Hash of the highest block the indexer has committed. */
export async function indexedHead(db: DbSettings): Promise<{ height: number; hash: string } | undefined> {
  const client = new pg.Client({ ...db })
  await client.connect()
  try {
    const r = await client.query<{ height: number; hash: string }>(processorStatusSql.processedHead)
    return r.rows[0]
  } catch {
    return undefined
  } finally {
    await client.end()
  }
}

export type RunningIndexer = {
  /** Resolves once the indexer has committed block `hash` at its height. */
  waitForHash(height: number, hash: string, timeoutMs?: number): Promise<void>
  /** Resolves once the indexer has committed `height` (or rejects when the indexer fails or time runs out). */
  waitFor(height: number, timeoutMs?: number): Promise<void>
  stop(): Promise<void>
  readonly failure: unknown
}

/**
 * Starts the indexer in this process against `db`.
 *
 * @example
 * const idx = startIndexer({ rpcUrl, manifest, db: db.settings })
 * await idx.waitFor(head); await idx.stop()
 */
export function startIndexer(opts: {
  rpcUrl: string
  manifest: Manifest
  db: DbSettings
  finality?: number
  requestTimeoutMs?: number
  /** See ProcessorOptions.rpcRetryScheduleMs. */
  rpcRetryScheduleMs?: readonly number[]
  /** See ProcessorOptions.transactionsFor. @default the AI-side contracts (GAS_CONTRACTS) */
  transactionsFor?: 'all' | readonly string[]
  /** See RunIndexerOptions.onBatch (called after each committed batch). */
  onBatch?: RunIndexerOptions['onBatch']
}): RunningIndexer {
  const ac = new AbortController()
  let failure: unknown
  const done = runIndexer({
    config: { rpcUrl: opts.rpcUrl, database: { kind: 'external', url: 'postgres://unused' }, metricsPort: 0 },
    manifest: opts.manifest,
    db: opts.db,
    signal: ac.signal,
    serveMetrics: false,
    onBatch: opts.onBatch,
    processor: {
      finalityConfirmation: opts.finality ?? 5,
      headPollIntervalMs: 100,
      requestTimeoutMs: opts.requestTimeoutMs,
      rpcRetryScheduleMs: opts.rpcRetryScheduleMs,
      transactionsFor: opts.transactionsFor,
    },
  }).catch((e) => {
    failure = e
  })
  return {
    async waitFor(height, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        if (failure) throw failure
        if ((await indexedHeight(opts.db)) >= height) return
        await new Promise((r) => setTimeout(r, 100))
      }
      throw new Error(
        `indexer did not reach block ${height} within ${timeoutMs} ms (at ${await indexedHeight(opts.db)})`,
      )
    },
    async waitForHash(height, hash, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        if (failure) throw failure
        const head = await indexedHead(opts.db)
        if (head && head.height === height && head.hash === hash) return
        if (head && head.height > height) throw new Error(`indexer went past ${height}`)
        await new Promise((r) => setTimeout(r, 100))
      }
      throw new Error(
        `indexer did not reach ${height}/${hash} within ${timeoutMs} ms (at ${JSON.stringify(await indexedHead(opts.db))})`,
      )
    },
    /** The error the indexer stopped with, if any. */
    get failure() {
      return failure
    },
    async stop() {
      ac.abort()
      await done
    },
  }
}
