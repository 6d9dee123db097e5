import { createPrng } from '../../../src/attribution/prng'
import { loadSpamAssassin } from '../../../src/attribution/spamAssassin'
import { seededSample } from '../../../src/attribution/split'
import { rpc } from '../../../src/chain/rpc'
import type { DemoContext } from '../../../src/demo/demoContext'
import { runInferences } from '../../../src/demo/runInferences'
import type { DemoModel } from '../../../src/demo/trainModel'
import { sendBatch } from '../../../src/demo/txBatch'
import { createOracle } from '../../../src/oracle/createOracle'
import { anvilReorg } from '../../processor/helpers/rpc'

export type ChainDriverStats = {
  rounds: number
  inferences: number
  settled: number
  reorgs: number
  reorgDepths: number[]
}

export type ChainDriver = {
  stats: ChainDriverStats
  /** Ends the loop after its current step; resolves when it has. */
  stop(): Promise<void>
}

/**
 * Keeps the demo economy going on a devnet that mines a block a second: rounds of paid
 * inferences on real emails (request, fulfil, settle by an honest oracle) and, between them, a
 * reorg of 1 to `maxReorgDepth` blocks (anvil_reorg, replacement blocks holding WOPEN deposits)
 * about every `reorgEveryMs`. One loop, so a reorg never races a round's transactions.
 *
 * @example
 * const driver = startChainDriver({ ctx, model, seed: 1, maxReorgDepth: 5, reorgEveryMs: 30_000 })
 * await driver.stop()
 */
export function startChainDriver(opts: {
  ctx: DemoContext
  model: DemoModel
  seed: number
  maxReorgDepth: number
  reorgEveryMs: number
  /** Pause between steps. @default 3000 ms */
  pauseMs?: number
  log: (line: string) => void
}): ChainDriver {
  const { ctx } = opts
  const rng = createPrng(opts.seed)
  const all = loadSpamAssassin()
  const emails = seededSample(all.length, 200, opts.seed).map((i) => all[i])
  const stats: ChainDriverStats = { rounds: 0, inferences: 0, settled: 0, reorgs: 0, reorgDepths: [] }
  let stopping = false
  let fromBlock: bigint | undefined
  const done = (async () => {
    fromBlock = await ctx.publicClient.getBlockNumber({ cacheTime: 0 })
    const oracle = createOracle({
      publicClient: ctx.publicClient,
      manifest: ctx.manifest,
      validator: ctx.roles.validators[0],
      store: ctx.store,
      send: (txs) => sendBatch(ctx.rpcUrl, txs),
      fromBlock,
    })
    let lastReorg = Date.now()
    while (!stopping) {
      try {
        if (Date.now() - lastReorg > opts.reorgEveryMs * (0.5 + rng.next())) {
          const depth = 1 + rng.int(opts.maxReorgDepth)
          await anvilReorg(ctx.rpcUrl, {
            wopen: ctx.manifest.contracts.WOPEN!.address,
            from: ctx.roles.contributors[0],
            depth,
            salt: stats.reorgs + 1,
          })
          stats.reorgs++
          stats.reorgDepths.push(depth)
          lastReorg = Date.now()
          opts.log(`reorg of ${depth} blocks`)
        } else {
          const rounds = await runInferences(ctx, opts.model, emails, [oracle], { count: 3, perRound: 3 })
          stats.rounds++
          stats.inferences += rounds.reduce((n, r) => n + r.requested.length, 0)
          stats.settled += rounds.reduce((n, r) => n + r.settled.length, 0)
        }
      } catch (err) {
        opts.log(`economy step failed (goes on): ${(err as Error).message.split('\n')[0]}`)
      } finally {
        // The transaction batches switch automine back on, which ends interval mining.
        await rpc(ctx.rpcUrl, 'evm_setIntervalMining', [1]).catch(() => {})
      }
      await new Promise((r) => setTimeout(r, opts.pauseMs ?? 3000))
    }
  })()
  return {
    stats,
    stop: async () => {
      stopping = true
      await done
    },
  }
}
