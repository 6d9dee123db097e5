import { createLogger } from '@subsquid/logger'
import type { Store } from '@subsquid/typeorm-store'
import { describe, expect, it } from 'vitest'
import type { Manifest } from '../manifest/manifest'
import { IndexerStatus } from '../model'
import { handlersByName } from '../processor/handlersByName'
import type { BatchContext } from './batchContext'
import { BatchPlanner } from './batchPlanner'
import type { ComputedBatch } from './computeBatch'
import { BatchPlanError } from './errors'

type Block = BatchContext['blocks'][number]

const log = createLogger('test:batchPlanner')
const manifest = { version: 1, chainId: 31337, contracts: {} } as Manifest

/** Blocks `from..to` without logs (each batch still reads the supplies, the day and the status). */
function blocks(from: number, to: number): Block[] {
  return Array.from({ length: to - from + 1 }, (_, i) => {
    const height = from + i
    return {
      header: { height, hash: `0x${height.toString(16)}`, timestamp: 1_700_000_000_000 + height * 1000 },
      logs: [],
      transactions: [],
    } as unknown as Block
  })
}

/** A store without rows that counts its reads. */
function emptyStore() {
  const s = { reads: 0, store: {} as Store }
  s.store = {
    find: async () => {
      s.reads += 1
      return []
    },
  } as unknown as Store
  return s
}

const statusHeight = (c: ComputedBatch) => c.cache.get(IndexerStatus, 'processor')?.height

/** Rejects instead of waiting forever (a batch waiting on one that is never computed). */
const within = <T>(p: Promise<T>, ms = 2000) =>
  Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('still waiting')), ms))])

/** A planner started over committed hot blocks (until `hot.committed` is set false). */
function plannerAfterHotBlocks() {
  const hot = { committed: true }
  const reader = emptyStore()
  const tx = emptyStore()
  const planner = new BatchPlanner({
    handlers: handlersByName,
    manifest,
    reader: () => reader.store,
    hotBlocksCommitted: async () => hot.committed,
  })
  return { planner, reader, tx, hot }
}

/** A planner whose schema is not ready until `migrate()`; `startsEmpty` as given. */
function plannerBeforeSchema(startsEmpty: boolean) {
  const reader = emptyStore()
  let migrate: () => void = () => {}
  const ready = new Promise<void>((r) => {
    migrate = r
  })
  const planner = new BatchPlanner({
    handlers: handlersByName,
    manifest,
    reader: () => reader.store,
    ready,
    startsEmpty: Promise.resolve(startsEmpty),
    hotBlocksCommitted: async () => false,
  })
  return { planner, reader, migrate: () => migrate() }
}

/** Lets the computations ahead run. */
const settle = () => new Promise((r) => setTimeout(r, 20))

describe('BatchPlanner', () => {
  it('computes in the transaction, not ahead, while hot blocks are committed; ahead once they are gone', async () => {
    const { planner, reader, tx, hot } = plannerAfterHotBlocks()
    const b1 = blocks(1, 3)
    planner.ahead(b1, log)
    await settle()
    expect(statusHeight(await within(planner.take(b1, tx.store, log)))).toBe(3)
    expect(reader.reads).toBe(0)
    expect(tx.reads).toBeGreaterThan(0)

    hot.committed = false // b1's transaction rolled them back and committed
    const b2 = blocks(4, 6)
    planner.ahead(b2, log)
    await settle()
    const inTx = tx.reads
    expect(statusHeight(await within(planner.take(b2, tx.store, log)))).toBe(6)
    expect(reader.reads).toBeGreaterThan(0)
    expect(tx.reads).toBe(inTx)
  })

  it('computes batches the runner joined (ending inside the hot blocks) as one, and goes on after them', async () => {
    const { planner, reader, tx, hot } = plannerAfterHotBlocks()
    const [p1, p2, p3] = [blocks(1, 10), blocks(11, 14), blocks(15, 20)] as [Block[], Block[], Block[]]
    planner.ahead(p1, log)
    planner.ahead(p2, log)
    await settle()
    expect(statusHeight(await within(planner.take([...p1, ...p2], tx.store, log)))).toBe(14)
    // Nothing was read outside the transaction for the joined blocks.
    expect(reader.reads).toBe(0)
    planner.ahead(p3, log)
    hot.committed = false
    await settle()
    // The next batch is not held up waiting for the joined ones.
    expect(statusHeight(await within(planner.take(p3, tx.store, log)))).toBe(20)
  })

  it('refuses to join batches that were computed ahead on their own', async () => {
    const reader = emptyStore()
    const planner = new BatchPlanner({
      handlers: handlersByName,
      manifest,
      reader: () => reader.store,
      hotBlocksCommitted: async () => false,
    })
    const [p1, p2] = [blocks(1, 10), blocks(11, 14)] as [Block[], Block[]]
    planner.ahead(p1, log)
    planner.ahead(p2, log)
    await settle()
    expect(reader.reads).toBeGreaterThan(0)
    await expect(planner.take([...p1, ...p2], emptyStore().store, log)).rejects.toBeInstanceOf(BatchPlanError)
  })

  it('computes the first batch of an empty database before the schema is ready, reading nothing; the next waits', async () => {
    const { planner, reader, migrate } = plannerBeforeSchema(true)
    const [b1, b2] = [blocks(1, 3), blocks(4, 6)] as [Block[], Block[]]
    planner.ahead(b1, log)
    planner.ahead(b2, log)
    await settle()
    const tx = emptyStore()
    // Computed ahead already (no read in the transaction), without the reader.
    expect(statusHeight(await within(planner.take(b1, tx.store, log), 500))).toBe(3)
    expect(tx.reads).toBe(0)
    expect(reader.reads).toBe(0)
    // The second may read rows the overlay no longer holds: it waits for the schema.
    migrate()
    expect(statusHeight(await within(planner.take(b2, tx.store, log)))).toBe(6)
    expect(reader.reads).toBeGreaterThan(0)
    expect(tx.reads).toBe(0)
  })

  it('waits for the schema before the first batch of a database that was written before', async () => {
    const { planner, reader, migrate } = plannerBeforeSchema(false)
    const b1 = blocks(1, 3)
    planner.ahead(b1, log)
    await settle()
    expect(reader.reads).toBe(0)
    migrate()
    await settle()
    expect(reader.reads).toBeGreaterThan(0)
    const tx = emptyStore()
    expect(statusHeight(await within(planner.take(b1, tx.store, log)))).toBe(3)
    expect(tx.reads).toBe(0)
  })
})
