import type { Command } from 'commander'
import { DEVNET_PARAMS } from '../chain/deployStack'
import type { Config } from '../config'
import { runStart, type Stack } from '../stack'
import { loadFlagConfig } from './configFlags'
import { type DemoFlags, demoOptions, withDemoOptions } from './demoCommand'
import { governanceParams } from './governanceFlags'
import { parseCount } from './parseFlags'
import { progressBars } from './progressBars'
import { shutdownSignal } from './shutdownSignal'

type StartFlags = DemoFlags & { rpcUrl?: string; manifest?: string; host?: string; trustProxy?: number }

/**
 * Registers `start`, the quick start's main job ({@link runStart}): devnet + contracts + demo
 * economy, then the indexer into PostgreSQL, the auditor next to it and the GraphQL API (a failing
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
    // and the stop follows.
    const shutdown = shutdownSignal()
    const progress = progressBars('start')
    try {
      await runStart({
        config,
        params: governanceParams(flags, DEVNET_PARAMS),
        demo: demoOptions(flags),
        seed: flags.seed,
        progress,
        demoProgress: progressBars('demo'),
        signal: shutdown,
        onServing: ({ stack, rpcUrl }) => printServing(stack, rpcUrl, config, progress.log),
      })
    } finally {
      // Subsquid's processor keeps status timers after it stops; everything we own is closed.
      setTimeout(() => process.exit(process.exitCode ?? 0), 500).unref()
    }
  })
}

function printServing(stack: Stack, rpcUrl: string, config: Config, log: (line: string) => void): void {
  const local = stack.api.url.replace('0.0.0.0', '127.0.0.1')
  log(`GraphQL API     ${local}`)
  log(`query explorer  ${local.replace(/\/graphql$/, '/')}`)
  log(`dashboards      ${local.replace(/\/graphql$/, '/dashboards')}`)
  log(`SQL (DuckDB)    ${local.replace(/\/graphql$/, '/sql')} (POST, read-only)`)
  log(`health          ${local.replace(/\/graphql$/, '/health')}`)
  log(`chain (RPC)     ${rpcUrl}`)
  log(`analytics       ${config.analyticsPath} (DuckDB; lag: { analyticsStatus { lagBlocks } })`)
  log(`audit evidence  ${stack.evidenceDir} (signed by ${stack.auditor})`)
  log(`evidence (HTTP) ${local.replace(/\/graphql$/, '/audits/')} (audit verify --from)`)
  log('running; a failing part is restarted (see /health); press Ctrl-C to stop')
}
