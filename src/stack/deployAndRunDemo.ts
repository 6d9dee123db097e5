import { createArtifactStore } from '../attribution/artifactStore'
import { createClients } from '../chain/createClients'
import { deployAndWriteManifest } from '../chain/deployAndWriteManifest'
import type { StackParams } from '../chain/deployStack'
import { type Devnet, startDevnet } from '../chain/startDevnet'
import type { Config } from '../config'
import { DEMO_ACCOUNTS, demoRoles, type Progress } from '../demo/demoContext'
import { type DemoOptions, type DemoResult, runDemo } from '../demo/runDemo'
import type { Manifest } from '../manifest/manifest'

export type DeployAndRunDemoOptions = {
  config: Pick<
    Config,
    'anvilPort' | 'chainId' | 'manifestPath' | 'attributionDevice' | 'artifactDir' | 'demoSeed'
  >
  /** Governance and staking parameters of the deploy (`DEVNET_PARAMS` with the flags over them). */
  params: StackParams
  /** The demo's sizing and cheat; the device comes from `config.attributionDevice`. */
  demo?: Omit<DemoOptions, 'device' | 'perRound'>
  /** Seed of the deterministic demo. @default config.demoSeed */
  seed?: number
  /** Receives the devnet's, the deploy's and the demo's lines and bars. */
  progress: Progress
  /** Ctrl-C: anvil is stopped at once, so the deploy or demo fails at its next call. */
  signal?: AbortSignal
}

/**
 * Starts a devnet, deploys the stack, writes the manifest and runs the demo economy on it.
 * The devnet keeps running; the caller stops it. When `signal` aborts (Ctrl-C), anvil is stopped at
 * once, so the deploy or demo fails at its next call, and this rejects with the signal's reason.
 *
 * @example
 * const { devnet, manifest, result } = await deployAndRunDemo({
 *   config, params: DEVNET_PARAMS, demo: { inferences: 300 }, progress: progressBars('demo'),
 * })
 * await devnet.stop()
 */
export async function deployAndRunDemo(
  opts: DeployAndRunDemoOptions,
): Promise<{ devnet: Devnet; manifest: Manifest; result: DemoResult }> {
  const { config, progress, signal } = opts
  const devnet = await startDevnet({
    port: config.anvilPort,
    chainId: config.chainId,
    accounts: DEMO_ACCOUNTS,
  })
  progress.log(`anvil --optimism answering at ${devnet.rpcUrl} (chain id ${devnet.chainId})`)
  const onAbort = () => void devnet.stop()
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    signal?.throwIfAborted()
    const clients = createClients({ rpcUrl: devnet.rpcUrl, chainId: devnet.chainId })
    const manifest = await deployAndWriteManifest({
      rpcUrl: devnet.rpcUrl,
      chainId: devnet.chainId,
      params: opts.params,
      manifestPath: config.manifestPath,
      log: progress.log,
    })
    progress.log(`manifest written to ${config.manifestPath}`)
    const accounts = Array.from({ length: DEMO_ACCOUNTS }, (_, i) => clients.devWallet(i).account.address)
    const result = await runDemo(
      {
        rpcUrl: devnet.rpcUrl,
        publicClient: clients.publicClient,
        manifest,
        roles: demoRoles(accounts),
        store: createArtifactStore({ dir: config.artifactDir }),
        seed: opts.seed ?? config.demoSeed,
        progress,
      },
      { ...opts.demo, device: config.attributionDevice },
    )
    progress.log(
      `demo done: ${result.contributions.length} contributions, ${result.inferenceIds.length} inferences (${result.agents.inferenceIds.length} of them by ${result.agents.agentIds.length} agents; ${result.settlements.filter((s) => !s.honest).length} settled by the dishonest validator's cheat, ${result.rejected.length} refused by the contract), scoring on ${result.scoringDevice}`,
    )
    signal?.throwIfAborted()
    return { devnet, manifest, result }
  } catch (err) {
    await devnet.stop()
    // Aborted: what failed after anvil went is a consequence, not the news.
    signal?.throwIfAborted()
    throw err
  } finally {
    signal?.removeEventListener('abort', onAbort)
  }
}
