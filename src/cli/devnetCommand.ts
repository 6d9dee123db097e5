import type { Command } from 'commander'
import { DEVNET_PARAMS } from '../chain/deployStack'
import { deployToNode } from '../chain/deployToNode'
import { ConfigError } from '../errors'
import { runDevnet } from '../stack/runDevnet'
import { loadFlagConfig } from './configFlags'
import { type GovernanceFlags, governanceParams, withGovernanceOptions } from './governanceFlags'
import { parsePort } from './parseFlags'
import { shutdownSignal } from './shutdownSignal'

/**
 * Registers `devnet` (start anvil + deploy, keep running: {@link runDevnet}) and `deploy` (deploy
 * onto RPC_URL: {@link deployToNode}).
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
      await runDevnet({
        config,
        params: governanceParams(opts, DEVNET_PARAMS),
        log: (l) => console.log(`[devnet] ${l}`),
        deployLog: (l) => console.log(`[deploy] ${l}`),
        onReady: () =>
          console.log(`[devnet] manifest written to ${config.manifestPath}; press Ctrl-C to stop`),
        signal: shutdownSignal(),
      })
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
      if (!config.rpcUrl)
        throw new ConfigError('deploy needs a node: pass --rpc-url or set RPC_URL (or use "devnet").')
      await deployToNode({
        rpcUrl: config.rpcUrl,
        expectedChainId: config.chainId,
        privateKey: config.deployerKey,
        params: (defaults) => governanceParams(opts, defaults),
        manifestPath: config.manifestPath,
        log: (l) => console.log(`[deploy] ${l}`),
      })
      console.log(`[deploy] manifest written to ${config.manifestPath}`)
    },
  )
}
