import { type Command, InvalidArgumentError } from 'commander'
import { DEVNET_PARAMS } from '../chain/deployStack'
import { loadConfig } from '../config'
import { DISHONEST_STRATEGIES, type DishonestStrategy } from '../demo/dishonestStrategies'
import { type DeployAndRunDemoOptions, deployAndRunDemo } from '../stack/deployAndRunDemo'
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
 * Registers `demo`: devnet + deploy + the demo economy ({@link deployAndRunDemo}), then exits (or
 * keeps the node with --keep).
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
      const { devnet } = await deployAndRunDemo({
        config: loadConfig(),
        params: governanceParams(flags, DEVNET_PARAMS),
        demo: demoOptions(flags),
        seed: flags.seed,
        progress: progressBars('demo'),
      })
      if (flags.keep) {
        console.log(`devnet at ${devnet.rpcUrl}; press Ctrl-C to stop`)
        const { waitForShutdown } = await import('./waitForShutdown')
        await waitForShutdown()
      }
      await devnet.stop()
    })
}

/**
 * The demo's sizing and cheat from the flags of `demo` or `start`.
 *
 * @example
 * await deployAndRunDemo({ config, params, demo: demoOptions(flags), progress })
 */
export function demoOptions(flags: DemoFlags): DeployAndRunDemoOptions['demo'] {
  return {
    scale: flags.scale,
    inferences: flags.inferences,
    maxEmails: flags.maxEmails,
    dishonest: flags.dishonest,
  }
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
