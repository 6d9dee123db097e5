import http from 'node:http'
import { Counter, Gauge, Registry } from 'prom-client'

/** The indexer's Prometheus metrics (prefix `openledger_indexer_`). */
export type IndexerMetrics = {
  registry: Registry
  /** Call after each committed batch. */
  recordBatch(b: {
    blocks: number
    events: number
    anomalies: number
    lastBlock: number
    seconds: number
  }): void
  setChainHead(height: number): void
}

/**
 * Creates the metrics: counters of blocks, events and anomalies; gauges of blocks/s and events/s
 * (over the last batch), last block, chain head, lag, last batch duration and time.
 *
 * @example
 * const metrics = createIndexerMetrics()
 * metrics.recordBatch({ blocks: 10, events: 50, anomalies: 0, lastBlock: 99, seconds: 0.02 })
 */
export function createIndexerMetrics(): IndexerMetrics {
  const registry = new Registry()
  const r = [registry]
  const blocks = new Counter({
    name: 'openledger_indexer_blocks_total',
    help: 'Blocks processed',
    registers: r,
  })
  const events = new Counter({
    name: 'openledger_indexer_events_total',
    help: 'Logs processed',
    registers: r,
  })
  const anomalies = new Counter({
    name: 'openledger_indexer_anomalies_total',
    help: 'Anomalies recorded',
    registers: r,
  })
  const bps = new Gauge({
    name: 'openledger_indexer_blocks_per_second',
    help: 'Blocks/s of the last batch',
    registers: r,
  })
  const eps = new Gauge({
    name: 'openledger_indexer_events_per_second',
    help: 'Events/s of the last batch',
    registers: r,
  })
  const last = new Gauge({
    name: 'openledger_indexer_last_block',
    help: 'Last processed block',
    registers: r,
  })
  const head = new Gauge({
    name: 'openledger_indexer_chain_head',
    help: 'Chain head seen by the indexer',
    registers: r,
  })
  const lag = new Gauge({
    name: 'openledger_indexer_lag_blocks',
    help: 'Chain head minus last block',
    registers: r,
  })
  const dur = new Gauge({
    name: 'openledger_indexer_last_batch_seconds',
    help: 'Duration of the last batch',
    registers: r,
  })
  const at = new Gauge({
    name: 'openledger_indexer_last_batch_timestamp_seconds',
    help: 'Unix time of the last batch',
    registers: r,
  })
  let chainHead = 0
  let lastBlock = 0
  return {
    registry,
    recordBatch(b) {
      blocks.inc(b.blocks)
      events.inc(b.events)
      anomalies.inc(b.anomalies)
      const s = Math.max(b.seconds, 1e-6)
      bps.set(b.blocks / s)
      eps.set(b.events / s)
      lastBlock = b.lastBlock
      last.set(lastBlock)
      chainHead = Math.max(chainHead, lastBlock)
      head.set(chainHead)
      lag.set(chainHead - lastBlock)
      dur.set(b.seconds)
      at.set(Date.now() / 1000)
    },
    setChainHead(height) {
      chainHead = height
      head.set(height)
      lag.set(Math.max(0, height - lastBlock))
    },
  }
}

/**
 * Serves `registries` (merged) as Prometheus text on `GET /metrics` on `host`:`port` (0: a free
 * port). Resolves with the bound port and a close function.
 *
 * @example
 * const server = await serveMetrics(3000, [metrics.registry])
 * await server.close()
 */
export async function serveMetrics(
  port: number,
  registries: Registry[],
  /** Interface; `0.0.0.0` for all. */
  host = '127.0.0.1',
): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end()
      return
    }
    // Merged per scrape: Subsquid registers its processor gauges only once the run has started.
    const merged = Registry.merge(registries)
    res.writeHead(200, { 'content-type': merged.contentType })
    res.end(await merged.metrics())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const bound = (server.address() as { port: number }).port
  return { port: bound, close: () => new Promise((r) => server.close(() => r())) }
}
