import net from 'node:net'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { runIndexer } from '../../src/processor/runIndexer'
import { setupChain, type TestChain } from '../setup/chain'
import { setupDatabase, type TestDatabase } from './helpers/database'
import { indexedHeight } from './helpers/indexUntil'

let chain: TestChain
let db: TestDatabase
beforeAll(async () => {
  ;[chain, db] = await Promise.all([setupChain(), setupDatabase()])
}, 60_000)
afterAll(async () => {
  await db?.stop()
  await chain?.stop()
})

// Subsquid's runner opens a metrics server of its own on every interface once it sees the head;
// runIndexer serves that registry on its own loopback server instead.
it('the indexer listens on loopback only: its metrics server, and no second one', async () => {
  const listen = vi.spyOn(net.Server.prototype, 'listen')
  const wopen = await chain.deploy('WOPEN')
  const head = Number(await chain.publicClient.getBlockNumber({ cacheTime: 0 }))
  const ac = new AbortController()
  let port = 0
  const run = runIndexer({
    config: {
      rpcUrl: chain.rpcUrl,
      database: { kind: 'external', url: 'postgres://unused' },
      metricsPort: 0,
    },
    manifest: {
      version: 1,
      chainId: chain.chain.id,
      contracts: { WOPEN: { address: wopen, startBlock: 1 } },
    },
    db: db.settings,
    signal: ac.signal,
    processor: { finalityConfirmation: 0, headPollIntervalMs: 100 },
    onMetricsPort: (p) => {
      port = p
    },
  })
  try {
    const deadline = Date.now() + 30_000
    while ((await indexedHeight(db.settings)) < head && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100))
    expect(await indexedHeight(db.settings)).toBeGreaterThanOrEqual(head)
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
    // Subsquid's processor metrics come through our server.
    expect(text).toMatch(/^sqd_processor_last_block -?\d+$/m)
    expect(listen.mock.calls.map((args) => args.slice(0, 2))).toEqual([[0, '127.0.0.1']])
  } finally {
    listen.mockRestore()
    ac.abort()
    await run
  }
}, 60_000)
