import { retryBrokenAnswers } from '../ingestion/retryBrokenAnswers'
import type { Processor } from './processor'

/**
 * The processor's memoised internals that `processor.run()` uses, reached so the indexer can drive
 * Subsquid's `Runner` itself (`run()` owns the process: it calls process.exit and cannot be
 * stopped). Pinned to the installed versions and checked by a test: see `subsquidInternals.md`.
 */
export type SubsquidInternals = {
  // biome-ignore lint/suspicious/noExplicitAny: Subsquid's internal RPC client
  rpc: any
  // biome-ignore lint/suspicious/noExplicitAny: Subsquid's internal chain object
  chain: any
  // biome-ignore lint/suspicious/noExplicitAny: Subsquid's internal hot data source
  hotDataSource: any
  // biome-ignore lint/suspicious/noExplicitAny: Subsquid's internal batch requests
  requests: any
  // biome-ignore lint/suspicious/noExplicitAny: Subsquid's internal Prometheus server
  prometheus: any
}

/**
 * Opens the processor's internals and hardens its RPC client: a broken answer (cut short, not
 * JSON, no result, a 500) is sent again, never used or fatal; `retryScheduleMs` replaces the
 * client's private retry schedule (the endpoint settings do not pass one through).
 *
 * @example
 * const internals = openSubsquidInternals(buildProcessor({ rpcUrl, manifest }))
 * internals.rpc.close(new IndexerStoppedError())
 */
export function openSubsquidInternals(
  processor: Processor,
  retryScheduleMs?: readonly number[],
): SubsquidInternals {
  // biome-ignore lint/suspicious/noExplicitAny: the processor's memoised internals, as processor.run() uses them (pinned and checked: src/processor/subsquidInternals.md)
  const p = processor as any
  const rpc = p.getChainRpcClient()
  retryBrokenAnswers(rpc)
  if (retryScheduleMs?.length) rpc.retrySchedule = [...retryScheduleMs]
  return {
    rpc,
    chain: p.getChain(),
    hotDataSource: p.getHotDataSource(),
    requests: p.getBatchRequests(),
    prometheus: p.getPrometheusServer(),
  }
}
