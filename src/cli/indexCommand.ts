import type { Command } from 'commander'
import { ConfigError } from '../errors'
import { readManifest } from '../manifest/manifest'
import { runIndexer } from '../processor/runIndexer'
import { loadFlagConfig } from './configFlags'
import { parseCount } from './parseFlags'
import { shutdownSignal } from './shutdownSignal'

type IndexFlags = {
  rpcUrl?: string
  manifest?: string
  dbUrl?: string
  metricsPort?: number
  metricsHost?: string
  finality?: number
  allReceipts: boolean
}

/**
 * Registers `index`: runs the indexer over a manifest's contracts into PostgreSQL (embedded under
 * DATA_DIR by default, or DB_URL / DB_*), applying migrations first; stops on SIGINT/SIGTERM.
 *
 * @example
 * registerIndex(program) // then: openledger index --rpc-url http://127.0.0.1:8545 --manifest .data/manifest.json
 */
export function registerIndex(program: Command): void {
  program
    .command('index')
    .description('index the contracts of a deployment manifest into PostgreSQL (runs until Ctrl-C)')
    .option('--rpc-url <url>', 'JSON-RPC URL of the L2 node (default: RPC_URL, else the manifest rpcUrl)')
    .option('--manifest <file>', 'deployment manifest (default: MANIFEST or .data/manifest.json)')
    .option(
      '--db-url <url>',
      'external PostgreSQL URL (default: DB_URL / DB_*, else embedded under DATA_DIR)',
    )
    .option(
      '--metrics-port <port>',
      'Prometheus port (default: PROMETHEUS_PORT or 3000; 0 = free port)',
      Number,
    )
    .option(
      '--metrics-host <host>',
      "Prometheus interface, '0.0.0.0' for all (default: PROMETHEUS_HOST or 127.0.0.1)",
    )
    .option('--finality <blocks>', 'finality confirmation depth (default 10)', parseCount)
    .option(
      '--all-receipts',
      'record gas and L1 fee of token-side transactions too (slower: one receipt per transaction)',
      false,
    )
    .action(async (flags: IndexFlags) => {
      const config = loadFlagConfig({
        rpcUrl: flags.rpcUrl,
        manifestPath: flags.manifest,
        metricsPort: flags.metricsPort,
        metricsHost: flags.metricsHost,
        database: flags.dbUrl ? { kind: 'external', url: flags.dbUrl } : undefined,
      })
      const manifest = readManifest(config.manifestPath)
      const rpcUrl = config.rpcUrl ?? manifest.rpcUrl
      if (!rpcUrl) throw new ConfigError('index needs a node: pass --rpc-url or set RPC_URL.')
      // Not process.once: a relayed second Ctrl-C would find no listener and kill the process mid-stop.
      const signal = shutdownSignal()
      await runIndexer({
        config: { ...config, rpcUrl },
        manifest,
        signal,
        processor: {
          ...(flags.finality === undefined ? {} : { finalityConfirmation: flags.finality }),
          ...(flags.allReceipts ? { transactionsFor: 'all' as const } : {}),
        },
      })
      // The processor's own timers (head polling) may outlive the stop; end the process explicitly.
      setTimeout(() => process.exit(0), 500).unref()
    })
}
