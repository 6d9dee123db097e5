import { parseEventLogs } from 'viem'
import { datanetRegistryAbi } from '../abi/viem'
import { addressOf, call, type DemoContext, send } from './demoContext'
import type { DemoDatanet } from './demoDatanetTypes'

/** The demo's datanets, which corpus groups feed each, and which curator owns it. */
export const DEMO_DATANETS = [
  { name: 'Everyday mail', groups: ['easy-ham-1', 'easy-ham-2'], curator: 0 },
  { name: 'Hard ham', groups: ['hard-ham-1'], curator: 1 },
  { name: 'Spam traps', groups: ['spam-1', 'spam-2'], curator: 0 },
] as const

/**
 * Creates the {@link DEMO_DATANETS} on the DatanetRegistry, each by its curator, and returns them
 * in that order with the ids the registry assigned (read from `DatanetCreated`), unsealed.
 *
 * @throws {BatchTxFailedError} when a creation reverts.
 * @example
 * const datanets = await createDemoDatanets(ctx) // datanets[i] is DEMO_DATANETS[i]
 */
export async function createDemoDatanets(ctx: DemoContext): Promise<DemoDatanet[]> {
  const registry = addressOf(ctx, 'DatanetRegistry')
  const { curators } = ctx.roles
  const created = await send(
    ctx,
    DEMO_DATANETS.map((d) =>
      call(curators[d.curator], registry, datanetRegistryAbi, 'createDatanet', [
        d.name,
        `openledger://datanet/${d.name}`,
      ]),
    ),
  )
  return created.map((r, i) => {
    const [ev] = parseEventLogs({
      abi: datanetRegistryAbi,
      logs: r.logs as never,
      eventName: 'DatanetCreated',
    })
    return {
      id: ev.args.datanetId,
      name: DEMO_DATANETS[i].name,
      owner: curators[DEMO_DATANETS[i].curator],
      version: 0,
      root: '0x',
    }
  })
}
