import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Store } from '@subsquid/typeorm-store'
import { IsNull } from 'typeorm'
import type { Manifest } from '../manifest/manifest'
import {
  Account,
  AttributionPolicy,
  ChainTransaction,
  DailyStat,
  FeePolicy,
  IndexerStatus,
  Token,
  TokenSupply,
} from '../model'
import type { BatchContext } from './batchContext'
import type { DecodedBatch } from './batchDecoder'
import { EntityCache } from './entityCache'
import { addressId, dayId } from './entityIds'
import type { EntityOverlay } from './entityOverlay'
import { HandlerContext, type LogPosition, type Prefetch } from './handlerContext'

/** A batch's entity changes, computed and not yet written. */
export type ComputedBatch = {
  /** The rows to write ({@link EntityCache.flush}). */
  cache: EntityCache
  events: number
  anomalies: number
}

/**
 * The entity half of a batch: loads every id its decoded logs need (one query per entity type,
 * rows in `overlay` first), records the anomalies, applies the handlers in chain order on the
 * in-memory entities, records each transaction's gas and L1 fee and the indexer status. Reads
 * `store` and nothing else; writes nothing.
 *
 * @example
 * const { cache } = await computeBatch(env, ctx.blocks, await decoder.take(ctx.blocks, log), ctx.store)
 * await cache.flush(ctx.store, FLUSH_ORDER)
 */
export async function computeBatch(
  env: {
    manifest: Manifest
    nameByAddress: ReadonlyMap<string, string>
    getChainHead?: () => number | undefined
  },
  blocks: BatchContext['blocks'],
  decoded: DecodedBatch,
  store: Store,
  overlay?: EntityOverlay,
  /** Give the event loop a turn after every this many logs (when computing ahead). */
  yieldEvery = Number.POSITIVE_INFINITY,
): Promise<ComputedBatch> {
  const { items, wants, needPolicies, anomalies, txs, contractsByTx, events } = decoded
  const cache = new EntityCache(overlay)
  const c = new HandlerContext(cache, env.manifest, env.nameByAddress)
  const prefetch: Prefetch = {
    account: (a) => cache.want(Account, addressId(a)),
    add: (cls, id) => cache.want(cls, id),
    policies: () => {},
  }
  for (const token of Object.values(Token)) cache.want(TokenSupply, token)
  // Only blocks with logs touch a day; a block without any may come without its timestamp.
  for (const block of blocks) if (block.logs.length) cache.want(DailyStat, dayId(block.header.timestamp))
  for (const [cls, id] of wants) cache.want(cls, id)
  if (blocks.length) cache.want(IndexerStatus, 'processor')
  for (const a of anomalies) {
    c.pos = a.pos
    c.anomaly(a.kind, a.message, a)
  }

  // One read per entity type.
  await cache.load(store)
  if (needPolicies) {
    c.feePolicy = await store.findOneBy(FeePolicy, { toBlock: IsNull() })
    c.attributionPolicy = await store.findOneBy(AttributionPolicy, { toBlock: IsNull() })
  }

  let sinceYield = 0
  for (const item of items) {
    if (++sinceYield >= yieldEvery) {
      sinceYield = 0
      await nextTurn()
    }
    c.pos = item.pos
    item.handler.apply(item.event, c)
  }

  for (const [hash, { tx, block, ts }] of txs) {
    c.pos = { ...(items[0]?.pos as LogPosition), blockNumber: block, timestamp: ts, txHash: hash }
    const from = c.account(tx.from)
    const price = tx.effectiveGasPrice ?? tx.gasPrice
    const execFee = tx.gasUsed !== undefined && price !== undefined ? tx.gasUsed * price : undefined
    const total = execFee === undefined ? undefined : execFee + (tx.l1Fee ?? 0n)
    from.gasUsed += tx.gasUsed ?? 0n
    from.txFeesPaid += total ?? 0n
    const day = c.day()
    day.transactions += 1
    day.gasUsed += tx.gasUsed ?? 0n
    day.l1Fees += tx.l1Fee ?? 0n
    c.append(
      new ChainTransaction({
        id: hash,
        blockNumber: block,
        timestamp: new Date(ts),
        from,
        to: tx.to ?? null,
        gasUsed: tx.gasUsed ?? null,
        gasPrice: tx.gasPrice ?? null,
        effectiveGasPrice: tx.effectiveGasPrice ?? null,
        l1Fee: tx.l1Fee ?? null,
        l1GasUsed: tx.l1GasUsed ?? null,
        totalFee: total ?? null,
        contracts: [...(contractsByTx.get(hash) ?? [])].sort(),
      }),
    )
  }

  // Further rounds for work that depends on entities known only after the main pass (a round's
  // task may queue another, e.g. a reward's totals once its settlement is known).
  for (let later = c.takeAfterMainPass(); later.length; later = c.takeAfterMainPass()) {
    for (const t of later) t.prefetch(prefetch)
    await cache.load(store)
    for (const t of later) {
      c.pos = t.pos
      t.apply()
    }
  }

  const last = blocks[blocks.length - 1]
  if (last) {
    const status =
      cache.get(IndexerStatus, 'processor') ??
      new IndexerStatus({ id: 'processor', eventsIndexed: 0n, anomalies: 0, skippedLogs: 0 })
    const head = Math.max(env.getChainHead?.() ?? 0, last.header.height)
    Object.assign(status, {
      height: last.header.height,
      hash: last.header.hash,
      chainHeight: head,
      finalizedHeight: null,
      lag: head - last.header.height,
      eventsIndexed: status.eventsIndexed + BigInt(events),
      anomalies: status.anomalies + c.anomalies,
      updatedAt: lastTimestamp(blocks) ?? status.updatedAt ?? new Date(0),
    })
    if (decoded.skipped) {
      status.skippedLogs += decoded.skipped.logs
      status.lastSkippedBlock = decoded.skipped.block
      status.lastSkipReason = decoded.skipped.reason
    }
    cache.put(status)
  }

  return { cache, events, anomalies: c.anomalies }
}

/** Time of the last block that carries one (a block without logs may come without it). */
function lastTimestamp(blocks: BatchContext['blocks']): Date | undefined {
  for (let i = blocks.length - 1; i >= 0; i--)
    if (Number.isFinite(blocks[i].header.timestamp)) return new Date(blocks[i].header.timestamp)
  return undefined
}
