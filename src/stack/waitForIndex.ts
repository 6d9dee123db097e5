import { setTimeout as sleep } from 'node:timers/promises'
import type pg from 'pg'
import { createClients } from '../chain/createClients'
import { rpcChainId } from '../chain/rpcChainId'
import { readFinalizedHead } from '../db/tables/processorStatus'
import type { Progress } from '../demo/demoContext'

export type WaitForIndexOptions = {
  /** The stack's pool (the indexer writes the status table through its own). */
  pool: pg.Pool
  /** The node whose head, at the call, sets the target. */
  rpcUrl: string
  /** Blocks behind that head that count as indexed enough (the processor's hot-block window). */
  behindHead: number
  /** Shows the `indexing` bar. */
  progress: Progress
  /** Aborts the wait (Ctrl-C, or the indexer failed for good: the stack then ends the start). */
  signal: AbortSignal
}

/**
 * Waits until the index reaches the node's head minus `behindHead`, with a progress bar, or until
 * `signal` aborts (then it rejects with the signal's reason). An indexer failing retryably
 * meanwhile is restarted by the stack (and logged), so this only waits; a status table not there
 * yet counts as height 0.
 *
 * @example
 * await startStack({ ..., beforeServing: (pool, signal) =>
 *   waitForIndex({ pool, rpcUrl, behindHead: 5, progress, signal }) })
 */
export async function waitForIndex(opts: WaitForIndexOptions): Promise<void> {
  const { pool, rpcUrl, progress, signal } = opts
  const { publicClient } = createClients({ rpcUrl, chainId: await rpcChainId(rpcUrl) })
  const target = Number(await publicClient.getBlockNumber({ cacheTime: 0 })) - opts.behindHead
  const bar = progress.step('indexing', Math.max(target, 1))
  let last = 0
  while (true) {
    signal.throwIfAborted()
    // The height the processor committed as final (0 until its tables exist).
    const height = await readFinalizedHead(pool)
      .then((h) => h?.height ?? 0)
      .catch(() => 0)
    // The chain may grow meanwhile: the bar stops at the target it showed.
    const shown = Math.min(height, target)
    if (shown > last) {
      bar.tick(shown - last)
      last = shown
    }
    if (height >= target) break
    await sleep(250, undefined, { signal })
  }
  bar.done()
}
