import { deployAndWriteManifest } from '../chain/deployAndWriteManifest'
import type { StackParams } from '../chain/deployStack'
import { type Devnet, startDevnet } from '../chain/startDevnet'
import type { Config } from '../config'
import type { Manifest } from '../manifest/manifest'
import { untilAborted } from '../util/untilAborted'

export type RunDevnetOptions = {
  config: Pick<Config, 'anvilPort' | 'chainId' | 'manifestPath'>
  params: StackParams
  /** Receives the devnet's lines (anvil answering). */
  log: (line: string) => void
  /** Receives the deploy's lines. @default log */
  deployLog?: (line: string) => void
  /** Called once the manifest is written; the devnet then runs until `signal`. */
  onReady?: (ready: { devnet: Devnet; manifest: Manifest }) => void
  /** Ctrl-C: a deploy under way is finished first, then anvil stops. */
  signal: AbortSignal
}

/**
 * `openledger devnet`: anvil `--optimism` on `config.anvilPort` (or a free port), the whole stack
 * deployed with `params`, the manifest written to `config.manifestPath`; then the devnet runs until
 * `signal` aborts and is stopped (also when the deploy fails).
 *
 * @throws {PortInUseError} the port is taken.
 * @throws {DeploymentError} naming the step that failed.
 * @example
 * await runDevnet({ config, params: DEVNET_PARAMS, log: console.log, signal: shutdownSignal() })
 */
export async function runDevnet(opts: RunDevnetOptions): Promise<void> {
  const { config, log, signal } = opts
  const devnet = await startDevnet({ port: config.anvilPort, chainId: config.chainId })
  log(`anvil --optimism answering at ${devnet.rpcUrl} (chain id ${devnet.chainId})`)
  try {
    const manifest = await deployAndWriteManifest({
      rpcUrl: devnet.rpcUrl,
      chainId: devnet.chainId,
      params: opts.params,
      manifestPath: config.manifestPath,
      log: opts.deployLog ?? log,
    })
    opts.onReady?.({ devnet, manifest })
    await untilAborted(signal)
  } finally {
    // Also when the deploy failed: anvil does not outlive the command.
    await devnet.stop()
  }
}
