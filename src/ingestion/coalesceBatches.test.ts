import { describe, expect, it } from 'vitest'
import { coalesceBatches, type DataBatch } from './coalesceBatches'

async function* batches(list: DataBatch<number>[], delayMs = 0) {
  for (const b of list) {
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs))
    yield b
  }
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}

describe('coalesceBatches', () => {
  it('merges ready strides up to maxBlocks and stops at the head', async () => {
    const src = [
      { blocks: [1, 2], isHead: false },
      { blocks: [3, 4], isHead: false },
      { blocks: [5], isHead: true },
      { blocks: [6, 7], isHead: false },
    ]
    expect(await collect(coalesceBatches(batches(src), { maxBlocks: 3 }))).toEqual([
      { blocks: [1, 2, 3, 4], isHead: false },
      { blocks: [5], isHead: true },
      { blocks: [6, 7], isHead: false },
    ])
  })

  it('also stops at maxItems, counting itemsOf per block', async () => {
    // A block number stands for a block with that many logs.
    const src = [
      { blocks: [5, 5], isHead: false },
      { blocks: [5], isHead: false },
      { blocks: [1, 1], isHead: false },
      { blocks: [30], isHead: false },
    ]
    expect(
      await collect(coalesceBatches(batches(src), { maxBlocks: 100, maxItems: 12, itemsOf: (b) => b })),
    ).toEqual([
      { blocks: [5, 5, 5], isHead: false },
      { blocks: [1, 1, 30], isHead: false },
    ])
  })

  it('yields what it has when the next stride is slow', async () => {
    const src = [
      { blocks: [1], isHead: false },
      { blocks: [2], isHead: false },
    ]
    const out = await collect(coalesceBatches(batches(src, 30), { maxBlocks: 10, maxWaitMs: 5 }))
    expect(out.map((b) => b.blocks)).toEqual([[1], [2]])
  })
})
