import { IndexerStatus } from '../model'
import type { BatchContext } from './batchContext'
import type { DecodedBatch } from './batchDecoder'
import type { EntityCache } from './entityCache'

/**
 * Moves the indexer's own status row (`IndexerStatus` 'processor', served by the API) to the
 * batch's last block: height, hash, lag behind the chain head, events and anomalies counted, and
 * the logs skipped by isolation.
 *
 * @example
 * updateIndexerStatus(cache, ctx.blocks, decoded, c.anomalies, getChainHead())
 */
export function updateIndexerStatus(
  cache: EntityCache,
  blocks: BatchContext['blocks'],
  decoded: DecodedBatch,
  anomalies: number,
  chainHead: number | undefined,
): void {
  const last = blocks[blocks.length - 1]
  if (!last) return
  const status =
    cache.get(IndexerStatus, 'processor') ??
    new IndexerStatus({ id: 'processor', eventsIndexed: 0n, anomalies: 0, skippedLogs: 0 })
  const head = Math.max(chainHead ?? 0, last.header.height)
  Object.assign(status, {
    height: last.header.height,
    hash: last.header.hash,
    chainHeight: head,
    finalizedHeight: null,
    lag: head - last.header.height,
    eventsIndexed: status.eventsIndexed + BigInt(decoded.events),
    anomalies: status.anomalies + anomalies,
    updatedAt: lastTimestamp(blocks) ?? status.updatedAt ?? new Date(0),
  })
  if (decoded.skipped) {
    status.skippedLogs += decoded.skipped.logs
    status.lastSkippedBlock = decoded.skipped.block
    status.lastSkipReason = decoded.skipped.reason
  }
  cache.put(status)
}

/** Time of the last block that carries one (a block without logs may come without it). */
function lastTimestamp(blocks: BatchContext['blocks']): Date | undefined {
  for (let i = blocks.length - 1; i >= 0; i--)
    if (Number.isFinite(blocks[i].header.timestamp)) return new Date(blocks[i].header.timestamp)
  return undefined
}
