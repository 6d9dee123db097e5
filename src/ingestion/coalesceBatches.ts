/** A processor data batch: consecutive blocks, and whether the last one is the chain head. */
export type DataBatch<B> = { blocks: B[]; isHead: boolean }

/**
 * Merges consecutive finalized batches from Subsquid's RPC ingestion (it yields strides of 10
 * blocks) into bigger ones, so a commit (and its fixed cost: state check, one load and one write
 * per entity type) covers more blocks. A batch is yielded when it holds `maxBlocks`, when it
 * reaches the head, or when the next stride is not ready within `maxWaitMs` (no added latency
 * at the head).
 *
 * @example
 * hot.getFinalizedBlocks = (req, stop) => coalesceBatches(orig(req, stop), { maxBlocks: 500 })
 */
export async function* coalesceBatches<B>(
  source: AsyncIterable<DataBatch<B>>,
  opts: {
    maxBlocks?: number
    maxWaitMs?: number
    /**
     * Also yield once the batch holds this many items (`itemsOf` per block, e.g. its logs): the
     * last batch of a run is written with nothing left to overlap, so it must stay small.
     */
    maxItems?: number
    itemsOf?: (block: B) => number
  } = {},
): AsyncGenerator<DataBatch<B>> {
  const maxBlocks = opts.maxBlocks ?? 500
  const maxItems = opts.maxItems ?? Number.POSITIVE_INFINITY
  const itemsOf = opts.itemsOf ?? (() => 0)
  let items = 0
  const maxWaitMs = opts.maxWaitMs ?? 5
  const it = source[Symbol.asyncIterator]()
  let pending: Promise<IteratorResult<DataBatch<B>>> | undefined
  let acc: DataBatch<B> | undefined
  while (true) {
    pending ??= it.next()
    let next: IteratorResult<DataBatch<B>> | 'timeout'
    if (acc) {
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<'timeout'>((r) => {
        timer = setTimeout(() => r('timeout'), maxWaitMs)
      })
      next = await Promise.race([pending, timeout])
      clearTimeout(timer)
    } else {
      next = await pending
    }
    if (next === 'timeout') {
      yield acc as DataBatch<B>
      acc = undefined
      items = 0
      continue
    }
    pending = undefined
    if (next.done) {
      if (acc) yield acc
      return
    }
    acc = acc ? { blocks: acc.blocks.concat(next.value.blocks), isHead: next.value.isHead } : next.value
    for (const b of next.value.blocks) items += itemsOf(b)
    if (acc.isHead || acc.blocks.length >= maxBlocks || items >= maxItems) {
      yield acc
      acc = undefined
      items = 0
    }
  }
}
