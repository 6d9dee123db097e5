import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestChain } from '../setup/chain'
import type { TestDatabase } from './helpers/database'
import { digestsAgainstCleanIndex } from './helpers/digest'
import { spawnIndexer } from './helpers/indexerProcess'
import { indexedHead, indexedHeight } from './helpers/indexUntil'
import { wopenActivity } from './helpers/rpc'
import type { Workload } from './helpers/workload'
import { setupWorkloadChain, type WorkloadChain } from './helpers/workloadChain'

let chain: TestChain
let db: TestDatabase
let w: Workload
let setup: WorkloadChain | undefined
let manifestPath: string

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so a failing run can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

beforeAll(async () => {
  setup = await setupWorkloadChain({ wopenBlocks: 400, txsPerBlock: 25 })
  ;({ chain, db, w, manifestPath } = setup)
}, 180_000)

afterAll(async () => {
  await setup?.stop()
})

const SEED = Number(process.env.CRASH_SEED ?? 7)

describe('crash recovery', () => {
  it(`SIGKILLed at random points (seed ${SEED}) and restarted, ends equal to an uninterrupted run`, async () => {
    const random = prng(SEED)
    const head = Number(await chain.publicClient.getBlockNumber())
    const start = w.manifest.contracts.OpenToken!.startBlock
    const kills: number[] = []
    for (let i = 0; i < 4; i++) {
      const target = Math.floor(start + (head - start) * ((i + random()) / 4))
      const p = spawnIndexer({ rpcUrl: chain.rpcUrl, manifestPath, db: db.settings })
      const deadline = Date.now() + 60_000
      while (
        Date.now() < deadline &&
        p.child.exitCode === null &&
        (await indexedHeight(db.settings)) < target
      )
        await new Promise((r) => setTimeout(r, 20 + random() * 60))
      expect(p.child.exitCode, p.output()).toBeNull()
      p.child.kill('SIGKILL')
      await p.exited
      kills.push(await indexedHeight(db.settings))
      // The chain moves on while the indexer is down.
      await wopenActivity(chain.rpcUrl, {
        wopen: w.stack.wopen,
        accounts: chain.accounts.slice(1, 12),
        blocks: 3,
        txsPerBlock: 5,
        seed: i,
      })
    }
    // Most kills land mid-run (between the first contract's block and the head).
    expect(kills.filter((k) => k > start && k < head).length).toBeGreaterThanOrEqual(2)

    const final = await chain.publicClient.getBlock({ blockTag: 'latest' })
    const p = spawnIndexer({ rpcUrl: chain.rpcUrl, manifestPath, db: db.settings })
    const deadline = Date.now() + 90_000
    while (Date.now() < deadline) {
      const at = await indexedHead(db.settings)
      if (at?.height === Number(final.number) && at.hash === final.hash) break
      await new Promise((r) => setTimeout(r, 100))
    }
    p.child.kill('SIGTERM')
    const exit = await p.exited
    if (exit.code !== 0) console.error(p.output())
    expect(exit.code).toBe(0)

    const [a, b] = await digestsAgainstCleanIndex({
      db,
      rpcUrl: chain.rpcUrl,
      manifest: w.manifest,
      final,
      name: 'uninterrupted',
    })
    expect(a.token_transfer.split(':')[0]).not.toBe('0')
    expect(a).toEqual(b)
  })
})
