import type { DataHandlerContext } from '@subsquid/evm-processor'
import type { Logger } from '@subsquid/logger'
import type { Store } from '@subsquid/typeorm-store'
import { IsNull } from 'typeorm'
import type { Manifest } from '../chain/manifest'
import {
  Account,
  AnomalyKind,
  AttributionPolicy,
  ChainTransaction,
  DailyStat,
  FeePolicy,
  IndexerStatus,
  Token,
  TokenSupply,
} from '../model'
import { EntityCache } from './entityCache'
import { IndexerStoppedError } from './errors'
import type { EventHandler } from './eventHandler'
import { FLUSH_ORDER } from './flushOrder'
import { HandlerContext, type LogPosition, type Prefetch } from './handlerContext'
import { handlersByName } from './handlersByName'
import { addressId, dayId } from './ids'
import type { IndexerMetrics } from './metrics'
import type { FIELDS } from './processor'

export type BatchContext = DataHandlerContext<Store, typeof FIELDS>

type Routed = { name: string; byTopic: Map<string, EventHandler<unknown>>; ignored: Set<string> }
type Item = { handler: EventHandler<unknown>; event: unknown; pos: LogPosition }

/**
 * Builds the processor's batch handler. Per batch: route each log by address then topic0, decode it
 * (undecodable or unknown logs become IndexingAnomaly rows and a warning), collect the ids every
 * handler needs, load them with one query per entity type, apply the handlers in chain order on
 * the in-memory entities, record each transaction's gas and L1 fee, then write one upsert/insert per
 * entity type. The processor commits it atomically with its progress (hot blocks get a rollback log).
 *
 * @example
 * processor.run(db, createBatchHandler({ manifest, metrics, log }))
 */
export function createBatchHandler(opts: {
  manifest: Manifest
  metrics?: IndexerMetrics
  log?: Logger
  signal?: AbortSignal
  getChainHead?: () => number | undefined
}) {
  const routes = new Map<string, Routed>()
  const nameByAddress = new Map<string, string>()
  for (const [name, entry] of Object.entries(opts.manifest.contracts)) {
    const h = handlersByName[name as keyof typeof handlersByName]
    const address = entry.address.toLowerCase()
    nameByAddress.set(address, name)
    routes.set(address, {
      name,
      byTopic: new Map(h.handlers.map((x) => [x.event.topic, x])),
      ignored: new Set(h.ignored.map((x) => x.topic)),
    })
  }

  return async (ctx: BatchContext): Promise<void> => {
    if (opts.signal?.aborted) throw new IndexerStoppedError()
    const started = performance.now()
    const log = opts.log ?? ctx.log
    const cache = new EntityCache()
    const c = new HandlerContext(cache, opts.manifest, nameByAddress)
    let needPolicies = false
    const prefetch: Prefetch = {
      account: (a) => cache.want(Account, addressId(a)),
      add: (cls, id) => cache.want(cls, id),
      policies: () => {
        needPolicies = true
      },
    }
    const items: Item[] = []
    const txs = new Map<
      string,
      {
        tx: NonNullable<BatchContext['blocks'][number]['logs'][number]['transaction']>
        block: number
        ts: number
      }
    >()
    const contractsByTx = new Map<string, Set<string>>()
    let events = 0

    for (const token of Object.values(Token)) cache.want(TokenSupply, token)
    for (const block of ctx.blocks) {
      cache.want(DailyStat, dayId(block.header.timestamp))
      for (const l of block.logs) {
        const route = routes.get(l.address)
        if (!route) continue
        events += 1
        const tx = l.transaction
        const pos: LogPosition = {
          blockNumber: block.header.height,
          blockHash: block.header.hash,
          timestamp: block.header.timestamp,
          logIndex: l.logIndex,
          txHash: l.transactionHash,
          address: l.address,
          contract: route.name,
          topics: l.topics,
          data: l.data,
          gasUsed: tx?.gasUsed,
          gasPrice: tx?.effectiveGasPrice ?? tx?.gasPrice,
          l1Fee: tx?.l1Fee,
        }
        // Every log names its contract on the transaction, also logs fetched without it (see
        // ProcessorOptions.transactionsFor), so `contracts` is complete either way.
        const names = contractsByTx.get(l.transactionHash)
        if (names) names.add(route.name)
        else contractsByTx.set(l.transactionHash, new Set([route.name]))
        if (tx && !txs.has(tx.hash)) {
          txs.set(tx.hash, { tx, block: pos.blockNumber, ts: pos.timestamp })
          prefetch.account(tx.from)
        }
        const topic0 = l.topics[0]
        const handler = topic0 === undefined ? undefined : route.byTopic.get(topic0)
        if (!handler) {
          if (topic0 !== undefined && route.ignored.has(topic0)) continue
          c.pos = pos
          const message = `unknown event ${topic0 ?? '(no topics)'} from ${route.name} ${l.address}`
          log.warn({ block: pos.blockNumber, logIndex: pos.logIndex, tx: pos.txHash }, message)
          c.anomaly(AnomalyKind.UNKNOWN_EVENT, message)
          continue
        }
        let event: unknown
        try {
          event = handler.event.decode(l)
        } catch (err) {
          c.pos = pos
          const message = `malformed ${route.name} log with topic0 ${topic0}: ${(err as Error).message}`
          log.warn({ block: pos.blockNumber, logIndex: pos.logIndex, tx: pos.txHash }, message)
          c.anomaly(AnomalyKind.MALFORMED_LOG, message)
          continue
        }
        handler.prefetch?.(event, prefetch, pos)
        items.push({ handler, event, pos })
      }
    }

    // One read per entity type.
    await cache.load(ctx.store)
    if (needPolicies) {
      c.feePolicy = await ctx.store.findOneBy(FeePolicy, { toBlock: IsNull() })
      c.attributionPolicy = await ctx.store.findOneBy(AttributionPolicy, { toBlock: IsNull() })
    }

    for (const item of items) {
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
      c.insert(
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

    // Second round for work that depends on entities known only after the main pass.
    const later = c.drainLater()
    if (later.length) {
      for (const t of later) t.prefetch(prefetch)
      await cache.load(ctx.store)
      for (const t of later) t.apply()
    }

    const last = ctx.blocks[ctx.blocks.length - 1]
    if (last) {
      const status =
        (await ctx.store.get(IndexerStatus, 'processor')) ??
        new IndexerStatus({ id: 'processor', eventsIndexed: 0n, anomalies: 0 })
      const head = Math.max(opts.getChainHead?.() ?? 0, last.header.height)
      Object.assign(status, {
        height: last.header.height,
        hash: last.header.hash,
        chainHeight: head,
        finalizedHeight: null,
        lag: head - last.header.height,
        eventsIndexed: status.eventsIndexed + BigInt(events),
        anomalies: status.anomalies + c.anomalies,
        updatedAt: new Date(last.header.timestamp),
      })
      cache.put(status)
    }

    await cache.flush(ctx.store, FLUSH_ORDER)
    const seconds = (performance.now() - started) / 1000
    opts.metrics?.recordBatch({
      blocks: ctx.blocks.length,
      events,
      anomalies: c.anomalies,
      lastBlock: last?.header.height ?? 0,
      seconds,
    })
    if (c.anomalies)
      log.warn(
        `${c.anomalies} anomalies recorded in blocks ${ctx.blocks[0]?.header.height}..${last?.header.height}`,
      )
    log.debug({ blocks: ctx.blocks.length, events, seconds }, 'batch committed')
  }
}
