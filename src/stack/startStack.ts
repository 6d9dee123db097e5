import path from 'node:path'
import pg from 'pg'
import { type Address, zeroAddress } from 'viem'
import { type AnalyticsStore, openAnalyticsStore } from '../analytics/openAnalyticsStore'
import { createDuckDbSource } from '../api/analytics/createDuckDbSource'
import type { PartHealth } from '../api/schema/partHealth'
import type { ApiServer, ApiServerOptions } from '../api/server/startApiServer'
import { startApiServer } from '../api/server/startApiServer'
import { createArtifactStore } from '../attribution/artifactStore'
import { auditorAccount } from '../audit/auditorAccount'
import { createAuditScorers } from '../audit/createAuditScorers'
import { runAuditor } from '../audit/runAuditor'
import type { Devnet } from '../chain/startDevnet'
import type { Config } from '../config'
import type { DbSettings } from '../db/dbSettings'
import { NonRetryableError } from '../errors'
import type { Manifest } from '../manifest/manifest'
import { type RunIndexerOptions, runIndexer } from '../processor/runIndexer'
import { analyticsPart } from './analyticsPart'
import { devnetPart } from './devnetPart'
import { StackStartError } from './errors'
import { type SupervisorOptions, superviseParts } from './superviseParts'

export type StackOptions = {
  config: Pick<
    Config,
    'database' | 'metricsPort' | 'dataDir' | 'artifactDir' | 'attributionDevice' | 'auditorKey' | 'gqlPort'
  > &
    Partial<Pick<Config, 'analyticsPath'>>
  manifest: Manifest
  rpcUrl: string
  /** The database, started (or connected to) by the caller, who also stops it. */
  db: DbSettings
  /** The devnet, when the caller started one: reported `down` if anvil exits. */
  devnet?: Pick<Devnet, 'exited'>
  /** Text of schema.graphql. */
  schemaText: string
  /** Receives every line: failures, restarts, the API's warnings. */
  log: (line: string) => void
  /** Processor tuning (the devnet's shorter finality window). */
  processor?: RunIndexerOptions['processor']
  /** Backoff of restarts. @default 1 s doubling up to 60 s */
  supervisor?: Pick<SupervisorOptions, 'backoff' | 'stableMs'>
  /** Pause of the auditor when nothing is left to audit. @default 2000 ms */
  auditorIntervalMs?: number
  /**
   * Runs once the indexer started, before the auditor and the API start (`start` waits for the
   * initial index here). Its signal aborts when the start is abandoned (a part failed for good, or
   * `signal` aborted): it should then return or throw soon.
   */
  beforeServing?: (pool: pg.Pool, signal: AbortSignal) => Promise<void>
  /** Abandons the start (Ctrl-C while indexing): what was started is stopped and the call rejects with the signal's reason. */
  signal?: AbortSignal
  /** Options of the API server; `health` and `log` are set here. */
  api?: Omit<ApiServerOptions, 'health' | 'log'>
}

/** The running stack. The caller's database and devnet are not part of it. */
export type Stack = {
  api: ApiServer
  /** Where the auditor writes signed evidence, and the address that signs it. */
  evidenceDir: string
  auditor: Address
  /** Each supervised part's state (what `/health` and `squidStatus.parts` report). */
  health(): PartHealth[]
  /** Stops the parts, then the API. Safe to call twice. */
  stop(): Promise<void>
}

/**
 * The long-running half of `start`: the indexer, the auditor and (when given) the devnet as
 * supervised parts ({@link superviseParts}) next to the GraphQL API. A part that fails is
 * restarted with backoff while the API keeps serving what is indexed; `/health` and
 * `squidStatus.parts` say which part is down and why. Whatever this started is stopped again
 * when starting fails halfway.
 *
 * Until `beforeServing` is done nothing is served, so a part failing with a
 * {@link NonRetryableError} then (a bad manifest, a reorg deeper than the finality, anvil gone)
 * ends the start with {@link StackStartError} instead of leaving it waiting for an index that
 * never comes; retryable failures are restarted (and logged) meanwhile, as later.
 *
 * @throws {StackStartError} when a part fails for good before serving.
 * @throws {ApiStartError} when the API's port is taken or the database does not answer.
 * @example
 * const stack = await startStack({ config, manifest, rpcUrl, db: db.settings, schemaText, log: console.log })
 * console.log(stack.api.url, stack.health())
 * await stack.stop()
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const { config, log } = opts
  opts.signal?.throwIfAborted()
  // Aborted when the start is abandoned; `abandoned` rejects with the reason.
  const starting = new AbortController()
  const abandoned = new Promise<never>((_, reject) =>
    starting.signal.addEventListener('abort', () => reject(starting.signal.reason), { once: true }),
  )
  abandoned.catch(() => {}) // observed while starting only
  const onAbort = () => starting.abort(opts.signal?.reason)
  opts.signal?.addEventListener('abort', onAbort, { once: true })
  const supervisor = superviseParts({
    ...opts.supervisor,
    log,
    onFailure: (part, error) => {
      if (error instanceof NonRetryableError) starting.abort(new StackStartError(part.name, error))
    },
  })
  const pool = new pg.Pool({ ...opts.db, max: 4 })
  // An idle client's connection dropping (database restart) must be logged, not crash the run.
  pool.on('error', (err) => log(`database connection lost: ${err.message}`))
  const store = createArtifactStore({ dir: config.artifactDir })
  const scorers = createAuditScorers(store, { device: config.attributionDevice })
  let api: ApiServer | undefined
  let stopping: Promise<void> | undefined
  let analyticsStore: AnalyticsStore | undefined
  let dashboards: Awaited<ReturnType<typeof createDuckDbSource>> | undefined
  const stop = () => {
    stopping ??= (async () => {
      await supervisor.stop()
      await api?.close()
      dashboards?.close()
      analyticsStore?.close()
      await scorers.close()
      await pool.end()
    })()
    return stopping
  }
  try {
    if (opts.devnet) supervisor.add(devnetPart(opts.devnet))
    supervisor.add({
      name: 'indexer',
      run: (signal) =>
        runIndexer({
          config: { ...config, rpcUrl: opts.rpcUrl },
          manifest: opts.manifest,
          db: opts.db,
          signal,
          processor: opts.processor,
          onMetricsPort: (port) => log(`indexer metrics at http://127.0.0.1:${port}/metrics`),
        }),
    })
    await Promise.race([opts.beforeServing?.(pool, starting.signal), abandoned])
    starting.signal.throwIfAborted()
    const analyticsFile = config.analyticsPath ?? path.join(config.dataDir, 'analytics.duckdb')
    // The dashboards read the DuckDB instance the sync part writes (one instance per file in a
    // process). Opened before the part starts: two opens at once race on creating the store's
    // schema. A store another process holds only costs the dashboards, not the API.
    try {
      analyticsStore = await openAnalyticsStore(analyticsFile)
      dashboards = await createDuckDbSource(analyticsStore.instance)
    } catch (e) {
      log(`api: dashboards off: ${(e as Error).message.split('\n')[0]}`)
    }
    // After the initial index: the first round copies whole tables once instead of chasing a backfill.
    supervisor.add(
      analyticsPart({
        file: analyticsFile,
        pool,
        log: (l) => log(`analytics: ${l}`),
      }),
    )

    const evidenceDir = path.join(config.dataDir, 'audits')
    const account = auditorAccount({ dataDir: config.dataDir, privateKey: config.auditorKey })
    supervisor.add({
      name: 'auditor',
      run: (signal) =>
        runAuditor({
          pool,
          store,
          scorers,
          signal,
          account,
          evidenceDir,
          chain: {
            chainId: opts.manifest.chainId,
            inferenceRouter: opts.manifest.contracts.InferenceRouter?.address ?? zeroAddress,
          },
          intervalMs: opts.auditorIntervalMs,
          log: (l) => log(`auditor: ${l}`),
        }),
    })
    api = await startApiServer({
      connection: opts.db,
      schemaText: opts.schemaText,
      port: config.gqlPort,
      options: {
        analytics: dashboards,
        // Read-only SQL over the same instance; its lock-down spares the sync's staging directory
        // (read_csv of its own COPY output) and the configuration (the dashboards set TimeZone).
        sql: analyticsStore && {
          instance: analyticsStore.instance,
          lockDown: { allowedDirectories: [`${analyticsStore.path}.sync/`], lockConfiguration: false },
        },
        // What the auditor writes is served read-only, so anyone can run `audit verify --from`.
        evidence: { dir: evidenceDir, artifactDir: config.artifactDir },
        ...opts.api,
        health: supervisor.health,
        log: (l) => log(`api: ${l}`),
      },
    })
    starting.signal.throwIfAborted()
    return { api, evidenceDir, auditor: account.address, health: supervisor.health, stop }
  } catch (err) {
    starting.abort(err)
    await stop()
    throw err
  } finally {
    // Serving: from now on a failure is restarted and reported, never the end of the stack.
    opts.signal?.removeEventListener('abort', onAbort)
    starting.abort()
  }
}
