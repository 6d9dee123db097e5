import type { Command } from 'commander'
import { createClients } from '../chain/createClients'
import { DEVNET_PARAMS, deployStack, PUBLISHED_PARAMS } from '../chain/deployStack'
import { rpcChainId } from '../chain/rpcChainId'
import { startDevnet } from '../chain/startDevnet'
import { ConfigError } from '../errors'
import { writeManifest } from '../manifest/manifest'
import { repoRoot } from '../util/repoRoot'
import { loadFlagConfig } from './configFlags'
import { type GovernanceFlags, governanceParams, withGovernanceOptions } from './governanceFlags'
import { parsePort } from './parseFlags'
import { shutdownSignal } from './shutdownSignal'
import { waitForShutdown } from './waitForShutdown'

/**
 * Registers `devnet` (start anvil + deploy, keep running) and `deploy` (deploy onto RPC_URL).
 *
 * @example
 * registerDevnet(program) // then: openledger devnet --port 8545
 */
export function registerDevnet(program: Command): void {
  const devnet = program
    .command('devnet')
    .description(
      'start a local OP-stack devnet (anvil --optimism), deploy every contract, write the manifest; runs until Ctrl-C',
    )
    .option('--port <port>', 'loopback port for anvil (default: ANVIL_PORT or a free port)', parsePort)
    .option(
      '--manifest <file>',
      'where to write the deployment manifest (default: MANIFEST or .data/manifest.json)',
    )
  withGovernanceOptions(devnet, 'devnet').action(
    async (opts: { port?: number; manifest?: string } & GovernanceFlags) => {
      const config = loadFlagConfig({ anvilPort: opts.port, manifestPath: opts.manifest })
      // Listening from here: Ctrl-C during the deploy stops anvil once it is done, not midway.
      const shutdown = shutdownSignal()
      const devnet = await startDevnet({ port: config.anvilPort, chainId: config.chainId })
      console.log(`[devnet] anvil --optimism answering at ${devnet.rpcUrl} (chain id ${devnet.chainId})`)
      const { wallet, publicClient } = createClients({ rpcUrl: devnet.rpcUrl, chainId: devnet.chainId })
      const manifest = await deployStack({
        root: repoRoot(),
        wallet,
        publicClient,
        params: governanceParams(opts, DEVNET_PARAMS),
        log: (l) => console.log(`[deploy] ${l}`),
      })
      writeManifest(config.manifestPath, { ...manifest, rpcUrl: devnet.rpcUrl })
      console.log(`[devnet] manifest written to ${config.manifestPath}; press Ctrl-C to stop`)
      await waitForShutdown(shutdown)
      await devnet.stop()
    },
  )

  const deploy = program
    .command('deploy')
    .description('deploy every contract onto an existing node and write the manifest')
    .option('--rpc-url <url>', 'JSON-RPC URL of the node (default: RPC_URL)')
    .option('--manifest <file>', 'where to write the deployment manifest')
  withGovernanceOptions(deploy, 'deploy').action(
    async (opts: { rpcUrl?: string; manifest?: string } & GovernanceFlags) => {
      const config = loadFlagConfig({ rpcUrl: opts.rpcUrl, manifestPath: opts.manifest })
      const rpcUrl = config.rpcUrl
      if (!rpcUrl)
        throw new ConfigError('deploy needs a node: pass --rpc-url or set RPC_URL (or use "devnet").')
      const chainId = await rpcChainId(rpcUrl, { expected: config.chainId })
      if (!config.deployerKey && chainId !== 31337)
        throw new ConfigError(`Chain ${chainId} is not a devnet: set DEPLOYER_PRIVATE_KEY to deploy there.`)
      const { wallet, publicClient } = createClients({ rpcUrl, chainId, privateKey: config.deployerKey })
      // Short governance only on a devnet: elsewhere a slash must wait out the published latency.
      const params = governanceParams(opts, chainId === 31337 ? DEVNET_PARAMS : PUBLISHED_PARAMS)
      console.log(
        `[deploy] governance: voting delay ${params.votingDelay} s, period ${params.votingPeriod} s, timelock ${params.timelockDelay} s, audit window ${params.auditWindow} s`,
      )
      const manifest = await deployStack({
        root: repoRoot(),
        wallet,
        publicClient,
        params,
        log: (l) => console.log(`[deploy] ${l}`),
      })
      writeManifest(config.manifestPath, { ...manifest, rpcUrl })
      console.log(`[deploy] manifest written to ${config.manifestPath}`)
    },
  )
}
