import type { Logger } from '@subsquid/logger'
import { createIndexerMetrics, type IndexerMetrics, serveMetrics } from './metrics'
import type { SubsquidInternals } from './subsquidInternals'

type BatchRecord = Parameters<IndexerMetrics['recordBatch']>[0]

/**
 * The indexer's metrics, with Subsquid's own registry served beside them on one loopback server
 * (unless `serve` is false), and `onBatch` told of every recorded batch. Subsquid's runner would
 * open its own metrics server on every interface and never close it: its `serve` is replaced by
 * one that reports the shared server's port.
 *
 * @example
 * const { metrics, close } = await startIndexerMetrics({ internals, port: 0, log })
 * await close()
 */
export async function startIndexerMetrics(opts: {
  internals: SubsquidInternals
  /** 0: a free port. */
  port: number
  /** @default 127.0.0.1 */
  host?: string
  /** @default true */
  serve?: boolean
  onPort?: (port: number) => void
  onBatch?: (b: BatchRecord) => void
  log: Logger
}): Promise<{ metrics: IndexerMetrics; close: () => Promise<void> }> {
  const base = createIndexerMetrics()
  let port = 0
  let close = async () => {}
  if (opts.serve !== false) {
    const server = await serveMetrics(
      opts.port,
      [base.registry, opts.internals.prometheus.registry],
      opts.host,
    )
    port = server.port
    close = server.close
    opts.log.info(`metrics on http://${opts.host ?? '127.0.0.1'}:${server.port}/metrics`)
    opts.onPort?.(server.port)
  }
  opts.internals.prometheus.serve = async () => ({ port, close: async () => {} })
  const onBatch = opts.onBatch
  const metrics = onBatch
    ? {
        ...base,
        recordBatch: (b: BatchRecord) => {
          base.recordBatch(b)
          onBatch(b)
        },
      }
    : base
  return { metrics, close }
}
