import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Store } from '@subsquid/typeorm-store'
import { IsNull } from 'typeorm'
import type { Manifest } from '../manifest/manifest'
import { Account, AttributionPolicy, DailyStat, FeePolicy, IndexerStatus, Token, TokenSupply } from '../model'
import type { BatchContext } from './batchContext'
import type { DecodedBatch } from './batchDecoder'
import { EntityCache } from './entityCache'
import { addressId, dayId } from './entityIds'
import type { EntityOverlay } from './entityOverlay'
import { HandlerContext, type Prefetch } from './handlerContext'
import { recordTransactions } from './recordTransactions'
import { updateIndexerStatus } from './updateIndexerStatus'

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

  recordTransactions(c, txs, contractsByTx, items[0]?.pos)

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

  if (blocks.length) updateIndexerStatus(cache, blocks, decoded, c.anomalies, env.getChainHead?.())

  return { cache, events, anomalies: c.anomalies }
}
