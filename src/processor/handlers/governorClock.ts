import type { HandlerContext } from '../../computation/handlerContext'

/**
 * The governor's clock at the log being handled: GOPEN (the votes token) uses the timestamp
 * clock (ERC-6372 `mode=timestamp`), so checkpoints, snapshots and deadlines are block
 * timestamps in seconds.
 *
 * @example
 * new QuorumNumeratorChange({ timepoint: clockOf(c), ... })
 */
export function clockOf(c: HandlerContext): bigint {
  return BigInt(Math.floor(c.pos.timestamp / 1000))
}
