import fs from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Command } from 'commander'
import type pg from 'pg'
import { createClients } from '../chain/createClients'
import { rpc } from '../chain/rpc'
import { rpcChainId } from '../chain/rpcChainId'
import type { Devnet } from '../chain/startDevnet'
import { type DatabaseHandle, startDatabase } from '../db'
import { type Manifest, readManifest } from '../manifest/manifest'
import { type Stack, startStack } from '../stack'
import { repoRoot } from '../util/repoRoot'
import { loadFlagConfig } from './configFlags'
import { type DemoFlags, deployAndRunDemo, withDemoOptions } from './demoCommand'
import { parseCount } from './parseFlags'
import { progressBars } from './progressBars'
import { shutdownSignal } from './shutdownSignal'
import { waitForShutdown } from './waitForShutdown'

/** Blocks behind the head that count as final on the devnet (the processor's hot-block window). */
const DEVNET_FINALITY = 5

type StartFlags = DemoFlags & { rpcUrl?: string; manifest?: string; host?: string; trustProxy?: number }

/**
 * Registers `start`, the quick start's main job: devnet + contracts + demo economy, then the
 * indexer into PostgreSQL, the auditor next to it and the GraphQL API ({@link startStack}: a failing
 * part is restarted, the API keeps serving); prints the URLs and runs until Ctrl-C. With --rpc-url
 * and a manifest it indexes, audits and serves an existing chain.
 *
 * @example
 * registerStart(program) // then: openledger start  |  openledger start --rpc-url http://node:8545 --manifest m.json
 */
export function registerStart(program: Command): void {
  const start = program
    .command('start')
    .description(
      'devnet + contracts + demo economy + indexer + auditor + GraphQL API (or index an existing chain with --rpc-url)',
    )
    .option('--rpc-url <url>', 'index this existing node instead of starting a devnet (needs --manifest)')
    .option('--manifest <file>', 'deployment manifest (default: MANIFEST or .data/manifest.json)')
    .option('--host <host>', "API interface, '0.0.0.0' for all (default: API_HOST or 127.0.0.1)")
    .option(
      '--trust-proxy <hops>',
      'reverse proxies in front of the API (default: API_TRUST_PROXY or 0)',
      parseCount,
    )
  withDemoOptions(start).action(async (flags: StartFlags) => {
    const config = loadFlagConfig({
      rpcUrl: flags.rpcUrl,
      manifestPath: flags.manifest,
      apiHost: flags.host,
      apiTrustProxy: flags.trustProxy,
    })
    // From here on Ctrl-C or SIGTERM ends whatever phase runs (deploy, demo, indexing, serving),
    // and the stop below follows.
    const shutdown = shutdownSignal()
    const progress = progressBars('start')
    let devnet: Devnet | undefined
    let db: DatabaseHandle | undefined
    let stack: Stack | undefined
    try {
      let manifest: Manifest
      let rpcUrl: string
      if (config.rpcUrl) {
        rpcUrl = config.rpcUrl
        manifest = readManifest(config.manifestPath)
        await rpcChainId(rpcUrl, { expected: manifest.chainId })
      } else {
        // A new devnet is a new chain: an index or audits of an earlier one would be wrong here.
        if (config.database.kind === 'embedded')
          fs.rmSync(config.database.dataDir, { recursive: true, force: true })
        fs.rmSync(path.join(config.dataDir, 'audits'), { recursive: true, force: true })
        ;({ devnet, manifest } = await deployAndRunDemo(config, flags, shutdown))
        rpcUrl = devnet.rpcUrl
        // A live devnet keeps producing blocks, so the last settlements become final and get audited.
        await rpc(rpcUrl, 'evm_setIntervalMining', [1])
      }
      shutdown.throwIfAborted()
      db = await startDatabase(config.database)
      shutdown.throwIfAborted()
      stack = await startStack({
        config,
        manifest,
        rpcUrl,
        db: db.settings,
        devnet,
        schemaText: fs.readFileSync(path.join(repoRoot(), 'schema.graphql'), 'utf8'),
        log: progress.log,
        processor: devnet ? { finalityConfirmation: DEVNET_FINALITY } : undefined,
        beforeServing: (pool, signal) => waitForIndex(pool, rpcUrl, progress, signal),
        api: { host: config.apiHost, trustProxy: config.apiTrustProxy },
        signal: shutdown,
      })
      const local = stack.api.url.replace('0.0.0.0', '127.0.0.1')
      progress.log(`GraphQL API     ${local}`)
      progress.log(`query explorer  ${local.replace(/\/graphql$/, '/')}`)
      progress.log(`dashboards      ${local.replace(/\/graphql$/, '/dashboards')}`)
      progress.log(`SQL (DuckDB)    ${local.replace(/\/graphql$/, '/sql')} (POST, read-only)`)
      progress.log(`health          ${local.replace(/\/graphql$/, '/health')}`)
      progress.log(`chain (RPC)     ${rpcUrl}`)
      progress.log(`analytics       ${config.analyticsPath} (DuckDB; lag: { analyticsStatus { lagBlocks } })`)
      progress.log(`audit evidence  ${stack.evidenceDir} (signed by ${stack.auditor})`)
      progress.log(`evidence (HTTP) ${local.replace(/\/graphql$/, '/audits/')} (audit verify --from)`)
      progress.log('running; a failing part is restarted (see /health); press Ctrl-C to stop')
      await waitForShutdown(shutdown)
    } catch (err) {
      // Interrupted while starting: the orderly stop below is the answer, not an error. Anything
      // else (StackStartError: the indexer failed for good before the initial index) is printed
      // by main, with exit code 1, after that stop.
      if (!shutdown.aborted) throw err
      progress.log(`${shutdown.reason} before the start was complete`)
    } finally {
      // Whatever was started, also when starting failed halfway: nothing outlives the command.
      if (devnet || db) {
        progress.log(
          `stopping: ${[stack && 'indexer, auditor, API', db && 'database', devnet && 'devnet'].filter(Boolean).join(', ')}`,
        )
        await stack?.stop()
        await db?.stop()
        await devnet?.stop()
        progress.log('stopped')
      }
      // Subsquid's processor keeps status timers after it stops; everything we own is closed.
      setTimeout(() => process.exit(process.exitCode ?? 0), 500).unref()
    }
  })
}

/**
 * Waits until the index reaches the node's head minus the finality window, with progress, or until
 * `signal` aborts (Ctrl-C, or the indexer failed for good: the stack then ends the start). An
 * indexer failing retryably meanwhile is restarted by the stack (and logged), so this only waits.
 */
async function waitForIndex(
  pool: pg.Pool,
  rpcUrl: string,
  progress: ReturnType<typeof progressBars>,
  signal: AbortSignal,
): Promise<void> {
  const { publicClient } = createClients({ rpcUrl, chainId: await rpcChainId(rpcUrl) })
  const target = Number(await publicClient.getBlockNumber({ cacheTime: 0 })) - DEVNET_FINALITY
  const bar = progress.step('indexing', Math.max(target, 1))
  let last = 0
  while (true) {
    signal.throwIfAborted()
    const height = await pool
      .query<{ height: number }>('SELECT height FROM squid_processor.status WHERE id = 0')
      .then((r) => r.rows[0]?.height ?? 0)
      .catch(() => 0)
    // The chain may grow meanwhile: the bar stops at the target it showed.
    const shown = Math.min(height, target)
    if (shown > last) {
      bar.tick(shown - last)
      last = shown
    }
    if (height >= target) break
    await sleep(250, undefined, { signal })
  }
  bar.done()
}
