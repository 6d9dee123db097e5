import { type Command, InvalidArgumentError } from 'commander'
import { createArtifactStore } from '../attribution/artifactStore'
import { createClients } from '../chain/createClients'
import { DEVNET_PARAMS, deployStack } from '../chain/deployStack'
import { type Devnet, startDevnet } from '../chain/startDevnet'
import type { Config } from '../config'
import { loadConfig } from '../config'
import { DEMO_ACCOUNTS, demoRoles } from '../demo/demoContext'
import { DISHONEST_STRATEGIES, type DishonestStrategy } from '../demo/dishonestStrategies'
import { type DemoOptions, type DemoResult, runDemo } from '../demo/runDemo'
import { type Manifest, writeManifest } from '../manifest/manifest'
import { repoRoot } from '../util/repoRoot'
import { type GovernanceFlags, governanceParams, withGovernanceOptions } from './governanceFlags'
import { parseCount } from './parseFlags'
import { progressBars } from './progressBars'

export type DemoFlags = {
  scale?: number
  inferences?: number
  maxEmails?: number
  seed?: number
  dishonest?: DishonestStrategy
} & GovernanceFlags

/**
 * Starts a devnet, deploys the stack, writes the manifest and runs the demo economy on it.
 * The devnet keeps running; the caller stops it. When `signal` aborts (Ctrl-C), anvil is stopped at
 * once, so the deploy or demo fails at its next call, and this rejects with the signal's reason.
 *
 * @example
 * const { devnet, manifest, result } = await deployAndRunDemo(config, { inferences: 300 })
 */
export async function deployAndRunDemo(
  config: Config,
  flags: DemoFlags,
  signal?: AbortSignal,
): Promise<{ devnet: Devnet; manifest: Manifest; result: DemoResult }> {
  const progress = progressBars('demo')
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
    const manifest = {
      ...(await deployStack({
        root: repoRoot(),
        ...clients,
        params: governanceParams(flags, DEVNET_PARAMS),
        log: progress.log,
      })),
      rpcUrl: devnet.rpcUrl,
    }
    writeManifest(config.manifestPath, manifest)
    progress.log(`manifest written to ${config.manifestPath}`)
    const accounts = Array.from({ length: DEMO_ACCOUNTS }, (_, i) => clients.devWallet(i).account.address)
    const options: DemoOptions = {
      scale: flags.scale,
      inferences: flags.inferences,
      maxEmails: flags.maxEmails,
      device: config.attributionDevice,
      dishonest: flags.dishonest,
    }
    const result = await runDemo(
      {
        rpcUrl: devnet.rpcUrl,
        publicClient: clients.publicClient,
        manifest,
        roles: demoRoles(accounts),
        store: createArtifactStore({ dir: config.artifactDir }),
        seed: flags.seed ?? config.demoSeed,
        progress,
      },
      options,
    )
    progress.log(
      `demo done: ${result.contributions.length} contributions, ${result.inferenceIds.length} inferences (${result.settlements.filter((s) => !s.honest).length} settled by the dishonest validator's cheat, ${result.rejected.length} refused by the contract), scoring on ${result.scoringDevice}`,
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

/**
 * Registers `demo`: devnet + deploy + the demo economy, then exits (or keeps the node with --keep).
 *
 * @example
 * registerDemo(program) // then: openledger demo --scale 20
 */
export function registerDemo(program: Command): void {
  const demo = program
    .command('demo')
    .description('start a devnet, deploy, and run the demo economy on the real spam-assassin emails')
  withDemoOptions(demo)
    .option('--keep', 'keep the devnet running until Ctrl-C', false)
    .action(async (flags: DemoFlags & { keep: boolean }) => {
      const config = loadConfig()
      const { devnet } = await deployAndRunDemo(config, flags)
      if (flags.keep) {
        console.log(`devnet at ${devnet.rpcUrl}; press Ctrl-C to stop`)
        const { waitForShutdown } = await import('./waitForShutdown')
        await waitForShutdown()
      }
      await devnet.stop()
    })
}

/**
 * The demo's sizing flags and the devnet's governance flags, shared by `demo` and `start`.
 *
 * @example
 * withDemoOptions(program.command('start'))
 */
export function withDemoOptions(command: Command): Command {
  return withGovernanceOptions(command, 'devnet')
    .option('--inferences <n>', 'paid inferences of the demo before scaling (default 300)', parseCount)
    .option(
      '--max-emails <n>',
      'demo on a seeded sample of the corpus instead of all 6,046 emails',
      parseCount,
    )
    .option('--scale <n>', 'multiply the demo inferences (benchmark workloads)', parseCount)
    .option('--seed <n>', 'seed of the deterministic demo (default DEMO_SEED or 1)', parseCount)
    .option(
      '--dishonest <strategy>',
      `how the dishonest validator cheats: ${DISHONEST_STRATEGIES.join(', ')} (default inflate)`,
      parseStrategy,
    )
}

function parseStrategy(value: string): DishonestStrategy {
  if (!(DISHONEST_STRATEGIES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${DISHONEST_STRATEGIES.join(', ')}`)
  return value as DishonestStrategy
}
