import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrng } from '../../src/attribution/prng'
import type { TestDatabase } from '../processor/helpers/database'
import { digestsAgainstCleanIndex } from '../processor/helpers/digest'
import { spawnIndexer } from '../processor/helpers/indexerProcess'
import { indexedHead, indexedHeight } from '../processor/helpers/indexUntil'
import { wopenActivity } from '../processor/helpers/rpc'
import type { Workload } from '../processor/helpers/workload'
import { setupWorkloadChain, type WorkloadChain } from '../processor/helpers/workloadChain'
import type { TestChain } from '../setup/chain'
import { formatFaultCounts, totalFaults } from './faultKinds'
import { startFaultProxy } from './faultProxy'

let chain: TestChain
let db: TestDatabase
let w: Workload
let setup: WorkloadChain | undefined
let manifestPath: string

beforeAll(async () => {
  setup = await setupWorkloadChain({ wopenBlocks: 60, txsPerBlock: 25 })
  ;({ chain, db, w, manifestPath } = setup)
}, 180_000)

afterAll(async () => {
  await setup?.stop()
})

const SEED = Number(process.env.KILL_SEED ?? 5)
const KILLS = 3

describe('kill/restart loop through the fault proxy', () => {
  it(`${KILLS} SIGKILLs of the indexer process at random points (seed ${SEED}), RPC faults throughout: ends equal to a clean index`, async () => {
    const rng = createPrng(SEED)
    // Few faults in a row: the CLI keeps Subsquid's backoff (up to 20 s after six failures in a row).
    const proxy = await startFaultProxy({ target: chain.rpcUrl, seed: SEED, rate: 0.15, maxInARow: 1 })
    const start = w.manifest.contracts.OpenToken!.startBlock
    const killedAt: number[] = []
    try {
      // The chain keeps moving (a small block every ~150 ms) while the indexer runs and while it is
      // down, so kills land in the initial catch-up and while following the head (hot blocks).
      let moving = true
      const mover = (async () => {
        for (let k = 0; moving; k++) {
          await wopenActivity(chain.rpcUrl, {
            wopen: w.stack.wopen,
            accounts: chain.accounts.slice(1, 12),
            blocks: 1,
            txsPerBlock: 4,
            seed: 100 + k,
          })
          await new Promise((r) => setTimeout(r, 150))
        }
      })()
      try {
        for (let i = 0; i < KILLS; i++) {
          const from = await indexedHeight(db.settings)
          const p = spawnIndexer({ rpcUrl: proxy.url, manifestPath, db: db.settings })
          // Killed a random 0-1.5 s after its first commit: mid-batch, mid-write or between batches.
          const deadline = Date.now() + 60_000
          while (
            Date.now() < deadline &&
            p.child.exitCode === null &&
            (await indexedHeight(db.settings)) <= from
          )
            await new Promise((r) => setTimeout(r, 20))
          await new Promise((r) => setTimeout(r, rng.int(1500)))
          expect(p.child.exitCode, p.output()).toBeNull()
          p.child.kill('SIGKILL')
          expect((await p.exited).signal).toBe('SIGKILL')
          killedAt.push(await indexedHeight(db.settings))
          await new Promise((r) => setTimeout(r, 200 + rng.int(800)))
        }
      } finally {
        moving = false
        await mover
      }
      const final = await chain.publicClient.getBlock({ blockTag: 'latest' })
      const p = spawnIndexer({ rpcUrl: proxy.url, manifestPath, db: db.settings })
      const deadline = Date.now() + 120_000
      while (Date.now() < deadline && p.child.exitCode === null) {
        const at = await indexedHead(db.settings)
        if (at?.height === Number(final.number) && at.hash === final.hash) break
        await new Promise((r) => setTimeout(r, 100))
      }
      p.child.kill('SIGTERM')
      const exit = await p.exited
      expect(exit.code, p.output()).toBe(0)
      console.log(
        `[kill/restart] killed at heights ${killedAt.join(', ')} (head ${final.number}); RPC faults:\n${formatFaultCounts(proxy.counts, proxy.requests)}`,
      )
      // Each run committed something before its kill, and the chain outran every kill.
      expect(killedAt.every((k, i) => k > (i ? killedAt[i - 1] : start))).toBe(true)
      expect(killedAt.every((k) => k < Number(final.number))).toBe(true)
      expect(totalFaults(proxy.counts)).toBeGreaterThan(0)

      const [a, b] = await digestsAgainstCleanIndex({
        db,
        rpcUrl: chain.rpcUrl,
        manifest: w.manifest,
        final,
        name: 'clean_reindex',
      })
      expect(a.token_transfer.split(':')[0]).not.toBe('0')
      expect(a).toEqual(b)
    } finally {
      await proxy.close()
    }
  }, 400_000)
})
