import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestDatabase } from '../processor/helpers/database'
import { digestsAgainstCleanIndex } from '../processor/helpers/digest'
import { startIndexer } from '../processor/helpers/indexUntil'
import { wopenActivity } from '../processor/helpers/rpc'
import type { Workload } from '../processor/helpers/workload'
import { setupWorkloadChain, type WorkloadChain } from '../processor/helpers/workloadChain'
import type { TestChain } from '../setup/chain'
import { FAULT_KINDS, formatFaultCounts, totalFaults } from './faultKinds'
import { startFaultProxy } from './faultProxy'

let chain: TestChain
let db: TestDatabase
let w: Workload
let setup: WorkloadChain | undefined

beforeAll(async () => {
  setup = await setupWorkloadChain({ wopenBlocks: 40, txsPerBlock: 20 })
  ;({ chain, db, w } = setup)
}, 180_000)

afterAll(async () => {
  await setup?.stop()
})

const SEED = Number(process.env.FAULT_SEED ?? 11)
const WANTED = Number(process.env.FAULT_COUNT ?? 300)

describe('fault-injecting RPC proxy', () => {
  it(`indexing live through ${WANTED}+ seeded faults (seed ${SEED}) ends equal to a clean run`, async () => {
    const proxy = await startFaultProxy({ target: chain.rpcUrl, seed: SEED, rate: 0.7, maxDelayMs: 800 })
    const faulty = startIndexer({
      rpcUrl: proxy.url,
      manifest: w.manifest,
      db: db.settings,
      // Delays past this time out and are retried.
      requestTimeoutMs: 500,
      // Hundreds of failures: short pauses between retries (the default grows to 20 s).
      rpcRetryScheduleMs: [10, 50, 100],
    })
    let final: { number: bigint; hash: string }
    try {
      // The chain moves on while the indexer reads it through the proxy: hot blocks and head polls
      // meet the faults too, not only the finalized range.
      const deadline = Date.now() + 120_000
      let k = 0
      while (totalFaults(proxy.counts) < WANTED && Date.now() < deadline) {
        if (faulty.failure) throw faulty.failure
        await wopenActivity(chain.rpcUrl, {
          wopen: w.stack.wopen,
          accounts: chain.accounts.slice(1, 12),
          blocks: 1,
          txsPerBlock: 3,
          seed: 1000 + k++,
        })
      }
      final = await chain.publicClient.getBlock({ blockTag: 'latest' })
      await faulty.waitForHash(Number(final.number), final.hash, 120_000)
    } finally {
      await faulty.stop()
      await proxy.close()
      console.log(`[faults] seed ${SEED}, injected:\n${formatFaultCounts(proxy.counts, proxy.requests)}`)
    }
    expect(totalFaults(proxy.counts)).toBeGreaterThanOrEqual(WANTED)
    // Every kind met at least once (batch-only kinds need batches, which the indexer sends).
    expect(FAULT_KINDS.filter((kind) => proxy.counts[kind] === 0)).toEqual([])

    const [a, b] = await digestsAgainstCleanIndex({
      db,
      rpcUrl: chain.rpcUrl,
      manifest: w.manifest,
      final,
      name: 'clean',
    })
    expect(a.token_transfer.split(':')[0]).not.toBe('0')
    expect(a.settlement.split(':')[0]).not.toBe('0')
    expect(a).toEqual(b)
  }, 400_000)
})
