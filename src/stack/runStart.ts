import fs from 'node:fs'
import path from 'node:path'
import type { StackParams } from '../chain/deployStack'
import type { Config } from '../config'
import { type DatabaseHandle, startDatabase } from '../db'
import type { Progress } from '../demo/demoContext'
import { repoRoot } from '../util/repoRoot'
import { untilAborted } from '../util/untilAborted'
import { type OpenChainOptions, type OpenedChain, openChain } from './openChain'
import { type Stack, startStack } from './startStack'
import { waitForIndex } from './waitForIndex'

/** Blocks behind the head that count as final on the devnet (the processor's hot-block window). */
export const DEVNET_FINALITY = 5

export type RunStartOptions = {
  /** With `rpcUrl`, the existing chain to index (and `manifestPath` its manifest); else a devnet. */
  config: Config
  /** The devnet's deploy parameters (unused with `config.rpcUrl`). */
  params: StackParams
  /** The demo's sizing (unused with `config.rpcUrl`). */
  demo?: OpenChainOptions['demo']
  seed?: number
  /** `start`'s own lines, the `indexing` bar, and the parts' failures and restarts. */
  progress: Progress
  /** The devnet's, the deploy's and the demo's lines and bars. @default progress */
  demoProgress?: Progress
  /** Ctrl-C or SIGTERM: ends whatever phase runs (deploy, demo, indexing, serving); the stop follows. */
  signal: AbortSignal
  /** Called once the API serves (the place to print its URLs); the run then lasts until `signal`. */
  onServing?: (serving: { stack: Stack; rpcUrl: string }) => void
}

/**
 * `openledger start` from its first phase to its last: the chain ({@link openChain}: a devnet with
 * the demo economy, or the node of `config.rpcUrl`), the database, then {@link startStack} (the
 * indexer, the analytics sync, the auditor and the API, supervised) once {@link waitForIndex} saw
 * the initial index; it serves until `signal` aborts. Then, and whenever a phase fails or is
 * interrupted, it stops what was started, in order: the stack, the database, the devnet.
 *
 * An interruption before serving is not an error (it logs `<signal> before the start was complete`
 * and resolves); any other failure (`StackStartError`: a part failed for good before the initial
 * index) rejects after the stop.
 *
 * @throws {StackStartError} a part failed for good before the initial index.
 * @example
 * const signal = shutdownSignal()
 * await runStart({ config, params: DEVNET_PARAMS, progress: progressBars('start'), signal,
 *   onServing: ({ stack }) => console.log(stack.api.url) })
 */
export async function runStart(opts: RunStartOptions): Promise<void> {
  const { config, progress, signal } = opts
  let chain: OpenedChain | undefined
  let db: DatabaseHandle | undefined
  let stack: Stack | undefined
  try {
    chain = await openChain({ ...opts, progress: opts.demoProgress ?? progress })
    const { rpcUrl, manifest, devnet } = chain
    signal.throwIfAborted()
    db = await startDatabase(config.database)
    signal.throwIfAborted()
    stack = await startStack({
      config,
      manifest,
      rpcUrl,
      db: db.settings,
      devnet,
      schemaText: fs.readFileSync(path.join(repoRoot(), 'schema.graphql'), 'utf8'),
      log: progress.log,
      processor: devnet ? { finalityConfirmation: DEVNET_FINALITY } : undefined,
      beforeServing: (pool, abandon) =>
        waitForIndex({ pool, rpcUrl, behindHead: DEVNET_FINALITY, progress, signal: abandon }),
      api: { host: config.apiHost, trustProxy: config.apiTrustProxy },
      signal,
    })
    opts.onServing?.({ stack, rpcUrl })
    await untilAborted(signal)
  } catch (err) {
    // Interrupted while starting: the orderly stop below is the answer, not an error. Anything
    // else (StackStartError: the indexer failed for good before the initial index) rejects
    // after that stop.
    if (!signal.aborted) throw err
    progress.log(`${signal.reason} before the start was complete`)
  } finally {
    await stopStarted({ stack, db, devnet: chain?.devnet, log: progress.log })
  }
}

/** Stops whatever was started, also when starting failed halfway: nothing outlives the command. */
async function stopStarted(started: {
  stack?: Stack
  db?: DatabaseHandle
  devnet?: OpenedChain['devnet']
  log: (line: string) => void
}): Promise<void> {
  const { stack, db, devnet, log } = started
  if (!devnet && !db) return
  log(
    `stopping: ${[stack && 'indexer, auditor, API', db && 'database', devnet && 'devnet'].filter(Boolean).join(', ')}`,
  )
  await stack?.stop()
  await db?.stop()
  await devnet?.stop()
  log('stopped')
}
