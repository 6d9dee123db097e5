import { expect } from 'vitest'
import { spawnIndexer } from './indexerProcess'
import { indexedHead, indexedHeight } from './indexUntil'

type SpawnOptions = Parameters<typeof spawnIndexer>[0]

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Runs the `index` CLI until it has committed above `above` (within 90 s), then SIGKILLs it.
 * Fails, with the process's output, if it exited on its own first.
 *
 * @returns the height it had committed when killed.
 * @example
 * const killedAt = await killIndexerAbove({ rpcUrl, manifestPath, db, above: before })
 */
export async function killIndexerAbove(opts: SpawnOptions & { above: number }): Promise<number> {
  const p = spawnIndexer(opts)
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline && p.child.exitCode === null && (await indexedHeight(opts.db)) <= opts.above)
    await sleep(10)
  expect(p.child.exitCode, p.output()).toBeNull()
  p.child.kill('SIGKILL')
  await p.exited
  return indexedHeight(opts.db)
}

/**
 * Runs the `index` CLI until its indexed head is `head` (height and hash, within 90 s), then stops
 * it with SIGTERM. Fails, with the process's output, when it did not get there.
 *
 * @example
 * await resumeToHead({ rpcUrl, manifestPath, db, head: await client.getBlock() })
 */
export async function resumeToHead(
  opts: SpawnOptions & { head: { number: bigint; hash: string } },
): Promise<void> {
  const want = { height: Number(opts.head.number), hash: opts.head.hash }
  const p = spawnIndexer(opts)
  try {
    const deadline = Date.now() + 90_000
    while (Date.now() < deadline) {
      const at = await indexedHead(opts.db)
      if (at?.height === want.height && at.hash === want.hash) break
      await sleep(100)
    }
    expect(await indexedHead(opts.db), p.output()).toEqual(want)
  } finally {
    p.child.kill('SIGTERM')
    await p.exited
  }
}
