import fs from 'node:fs'
import path from 'node:path'
import type { Command } from 'commander'
import pg from 'pg'
import { zeroAddress } from 'viem'
import { startApiServer } from '../api'
import { createArtifactStore } from '../attribution/artifactStore'
import { auditorAccount } from '../audit/auditorAccount'
import { createAuditScorers } from '../audit/createAuditScorers'
import { runAuditor } from '../audit/runAuditor'
import { createClients } from '../chain/createClients'
import { type Manifest, readManifest } from '../chain/manifest'
import { rpc } from '../chain/rpc'
import { rpcChainId } from '../chain/rpcChainId'
import type { Devnet } from '../chain/startDevnet'
import { loadConfig } from '../config'
import { startDatabase } from '../db'
import { runIndexer } from '../processor'
import { type DemoFlags, deployAndRunDemo, withDemoOptions } from './demo'
import { progressBars } from './progressBars'
import { repoRoot } from './repoRoot'
import { waitForShutdown } from './waitForShutdown'

/** Blocks behind the head that count as final on the devnet (the processor's hot-block window). */
const DEVNET_FINALITY = 5

type StartFlags = DemoFlags & { rpcUrl?: string; manifest?: string }

/**
 * Registers `start`, the quick start's main job: devnet + contracts + demo economy, then the
 * indexer into PostgreSQL, the auditor next to it and the GraphQL API; prints the URLs and runs
 * until Ctrl-C. With --rpc-url and a manifest it indexes, audits and serves an existing chain.
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
  withDemoOptions(start).action(async (flags: StartFlags) => {
    const config = loadConfig(process.env, { rpcUrl: flags.rpcUrl, manifestPath: flags.manifest })
    const progress = progressBars('start')
    let devnet: Devnet | undefined
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
      ;({ devnet, manifest } = await deployAndRunDemo(config, flags))
      rpcUrl = devnet.rpcUrl
      // A live devnet keeps producing blocks, so the last settlements become final and get audited.
      await rpc(rpcUrl, 'evm_setIntervalMining', [1])
    }

    const db = await startDatabase(config.database)
    const stop = new AbortController()
    const running: Promise<unknown>[] = []
    let api: Awaited<ReturnType<typeof startApiServer>> | undefined
    const pool = new pg.Pool({ ...db.settings, max: 4 })
    // An idle client's connection dropping (database restart) must be logged, not crash the run.
    pool.on('error', (err) => progress.log(`database connection lost: ${err.message}`))
    const store = createArtifactStore({ dir: config.artifactDir })
    const scorers = createAuditScorers(store, { device: config.attributionDevice })
    try {
      const indexer = runIndexer({
        config: { ...config, rpcUrl },
        manifest,
        db: db.settings,
        signal: stop.signal,
        processor: devnet ? { finalityConfirmation: DEVNET_FINALITY } : undefined,
        onMetricsPort: (port) => progress.log(`indexer metrics at http://127.0.0.1:${port}/metrics`),
      })
      running.push(indexer)
      await waitForIndex(pool, rpcUrl, indexer, progress)

      const evidenceDir = path.join(config.dataDir, 'audits')
      const account = auditorAccount({ dataDir: config.dataDir, privateKey: config.auditorKey })
      running.push(
        runAuditor({
          pool,
          store,
          scorers,
          signal: stop.signal,
          account,
          evidenceDir,
          chain: {
            chainId: manifest.chainId,
            inferenceRouter: manifest.contracts.InferenceRouter?.address ?? zeroAddress,
          },
          log: (l) => progress.log(`auditor: ${l}`),
        }),
      )

      api = await startApiServer({
        connection: db.settings,
        schemaText: fs.readFileSync(path.join(repoRoot(), 'schema.graphql'), 'utf8'),
        port: config.gqlPort,
        options: { log: (l) => progress.log(`api: ${l}`) },
      })
      const local = api.url.replace('0.0.0.0', '127.0.0.1')
      progress.log(`GraphQL API     ${local}`)
      progress.log(`query explorer  ${local.replace(/\/graphql$/, '/')}`)
      progress.log(`chain (RPC)     ${rpcUrl}`)
      progress.log(`audit evidence  ${evidenceDir} (signed by ${account.address})`)
      progress.log('running; press Ctrl-C to stop')
      await Promise.race([waitForShutdown(), ...running])
    } finally {
      progress.log(`stopping: indexer, auditor, API, database${devnet ? ', devnet' : ''}`)
      stop.abort()
      await Promise.allSettled(running)
      await api?.close()
      await scorers.close()
      await pool.end()
      await db.stop()
      await devnet?.stop()
      progress.log('stopped')
      // Subsquid's processor keeps status timers after it stops; everything we own is closed.
      setTimeout(() => process.exit(process.exitCode ?? 0), 500).unref()
    }
  })
}

/** Waits until the index reaches the node's head minus the finality window, with progress. */
async function waitForIndex(
  pool: pg.Pool,
  rpcUrl: string,
  indexer: Promise<unknown>,
  progress: ReturnType<typeof progressBars>,
): Promise<void> {
  const { publicClient } = createClients({ rpcUrl, chainId: await rpcChainId(rpcUrl) })
  const target = Number(await publicClient.getBlockNumber({ cacheTime: 0 })) - DEVNET_FINALITY
  const bar = progress.step('indexing', Math.max(target, 1))
  let failed: unknown
  indexer.catch((err) => {
    failed = err
  })
  let last = 0
  while (true) {
    if (failed) throw failed
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
    await new Promise((r) => setTimeout(r, 250))
  }
  bar.done()
}
