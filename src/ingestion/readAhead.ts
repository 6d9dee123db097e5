/**
 * Pulls the next item of `source` as soon as the consumer takes the current one, and runs `prepare`
 * on it the moment it arrives, so CPU work on item N+1 (decoding) fills the time the consumer
 * spends waiting on I/O for item N (the database). At most one item is held ahead. An error from
 * the source or from `prepare` surfaces when the consumer reaches that item.
 *
 * @example
 * for await (const batch of readAhead(batches, (b) => decoder.ahead(b.blocks, log))) await handle(batch)
 */
export async function* readAhead<T>(source: AsyncIterable<T>, prepare: (item: T) => void): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]()
  const pull = () => {
    const next = it.next().then((r) => {
      if (!r.done) prepare(r.value)
      return r
    })
    // Observed when the consumer gets there; until then a rejection must not count as unhandled.
    next.catch(() => {})
    return next
  }
  let next = pull()
  while (true) {
    const r = await next
    if (r.done) return
    next = pull()
    yield r.value
  }
}
