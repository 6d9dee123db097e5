import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Logger } from '@subsquid/logger'
import type { EntityClass } from '../db/write/entityTypes'
import type { ContractName, Manifest } from '../manifest/manifest'
import { Account, AnomalyKind } from '../model'
import type { BatchContext } from './batchContext'
import { decodeRawText } from './decodeRawText'
import { DynamicRoutes } from './dynamicContracts'
import { addressId } from './entityIds'
import type { ContractHandlers, EventHandler } from './eventHandler'
import type { LogPosition, Prefetch } from './handlerContext'
import { type SanitiseOptions, sanitiseValues } from './sanitiseValues'

type Block = BatchContext['blocks'][number]
type Transaction = NonNullable<Block['logs'][number]['transaction']>
/** Logs decoded between two turns of the event loop when decoding ahead (~10 ms of work). */
const YIELD_EVERY = 1000

type Routed = { name: string; byTopic: Map<string, EventHandler<unknown>>; ignored: Set<string> }

/** An anomaly found while decoding; `field` and `original` for a value changed to be storable. */
export type DecodedAnomaly = {
  pos: LogPosition
  kind: AnomalyKind
  message: string
  field?: string
  original?: string
}

/** A decoded log and the handler that applies it. */
export type DecodedItem = { handler: EventHandler<unknown>; event: unknown; pos: LogPosition }

/** What a batch's logs say before any entity is loaded: the pure, CPU-only half of a batch. */
export type DecodedBatch = {
  /** Decoded logs with their handler, in chain order. */
  items: DecodedItem[]
  /** Entity ids the handlers (and the transactions' senders) will read. */
  wants: [EntityClass, string][]
  /** Whether a handler needs the fee and attribution policies in force. */
  needPolicies: boolean
  /**
   * Unknown topics, undecodable logs and values changed to be storable, already logged, to record
   * as IndexingAnomaly rows.
   */
  anomalies: DecodedAnomaly[]
  /** Transactions (with receipt fields) of the indexed logs, first seen first. */
  txs: Map<string, { tx: Transaction; block: number; ts: number }>
  /** Manifest names of the contracts each transaction's indexed logs came from. */
  contractsByTx: Map<string, Set<string>>
  /** Logs of manifest contracts (handled, ignored or anomalous). */
  events: number
  /** Logs skipped because their transaction could not be written ({@link isolateBatch}). */
  skipped?: { logs: number; block: number; reason: string }
}

/**
 * Routes each log of a batch by address then topic0 and decodes it with the typegen'd
 * `events.X.decode`, collecting the ids its handler will read. No entity is touched, so this
 * half of a batch can run ahead of the database ({@link BatchPlanner}).
 *
 * @example
 * const decoder = new BatchDecoder(manifest, handlersByName)
 * const decoded = await decoder.take(ctx.blocks, log)
 */
export class BatchDecoder {
  readonly #routes = new Map<string, Routed>()
  readonly #dynamic: DynamicRoutes
  readonly #sanitiseOptions = new Map<EventHandler<unknown>, SanitiseOptions>()

  /** `handlers`: each manifest contract's handlers (the processor's `handlersByName`). */
  constructor(manifest: Manifest, handlers: Record<ContractName, ContractHandlers>) {
    for (const [name, entry] of Object.entries(manifest.contracts)) {
      const h = handlers[name as ContractName]
      this.#routes.set(entry.address.toLowerCase(), {
        name,
        byTopic: new Map(h.handlers.map((x) => [x.event.topic, x])),
        ignored: new Set(h.ignored.map((x) => x.topic)),
      })
    }
    this.#dynamic = new DynamicRoutes(manifest, handlers)
  }

  /** Options for making `handler`'s decoded events storable, built once per handler. */
  #sanitise(handler: EventHandler<unknown>): SanitiseOptions {
    let opts = this.#sanitiseOptions.get(handler)
    if (!opts) {
      const event = handler.event as Parameters<typeof decodeRawText>[0]
      opts = { clampInts: true, rawText: (log: { data: string }) => decodeRawText(event, log) }
      this.#sanitiseOptions.set(handler, opts)
    }
    return opts
  }

  /**
   * Decodes `blocks` in the background. It yields to the event loop every {@link YIELD_EVERY}
   * logs: the batch being written meanwhile must get its query results (and send its next
   * statement) without waiting for a whole batch to decode.
   */
  decodeAhead(blocks: Block[], log: Logger): Promise<DecodedBatch> {
    return this.decode(blocks, log, YIELD_EVERY)
  }

  /** Decodes `blocks` now. */
  take(blocks: Block[], log: Logger): Promise<DecodedBatch> {
    return this.decode(blocks, log)
  }

  /**
   * Decodes a batch; unknown and malformed logs are logged as warnings and listed as anomalies.
   * With `yieldEvery`, gives the event loop a turn after every that many logs.
   */
  async decode(blocks: Block[], log: Logger, yieldEvery = Number.POSITIVE_INFINITY): Promise<DecodedBatch> {
    const out: DecodedBatch = {
      items: [],
      wants: [],
      needPolicies: false,
      anomalies: [],
      txs: new Map(),
      contractsByTx: new Map(),
      events: 0,
    }
    const prefetch: Prefetch = {
      account: (a) => out.wants.push([Account, addressId(a)]),
      add: (cls, id) => out.wants.push([cls, id]),
      policies: () => {
        out.needPolicies = true
      },
    }
    let sinceYield = 0
    for (const block of blocks) {
      let lastLogIndex = -1
      for (const l of block.logs) {
        if (++sinceYield >= yieldEvery) {
          sinceYield = 0
          await nextTurn()
        }
        // A manifest contract's log can match both its address request and a created-contract topic request.
        if (l.logIndex === lastLogIndex) continue
        lastLogIndex = l.logIndex
        const route = this.#routes.get(l.address)
        if (!route) {
          this.#decodeCreated(block, l, out, prefetch)
          continue
        }
        out.events += 1
        const tx = l.transaction
        const pos = positionOf(block, l, route.name, tx)
        // Every log names its contract on the transaction, also logs fetched without it (see
        // ProcessorOptions.transactionsFor), so `contracts` is complete either way.
        const names = out.contractsByTx.get(l.transactionHash)
        if (names) names.add(route.name)
        else out.contractsByTx.set(l.transactionHash, new Set([route.name]))
        if (tx && !out.txs.has(tx.hash)) {
          out.txs.set(tx.hash, { tx, block: pos.blockNumber, ts: pos.timestamp })
          prefetch.account(tx.from)
        }
        const topic0 = l.topics[0]
        const handler = topic0 === undefined ? undefined : route.byTopic.get(topic0)
        if (!handler) {
          if (topic0 !== undefined && route.ignored.has(topic0)) continue
          const message = `unknown event ${topic0 ?? '(no topics)'} from ${route.name} ${l.address}`
          log.warn({ block: pos.blockNumber, logIndex: pos.logIndex, tx: pos.txHash }, message)
          out.anomalies.push({ pos, kind: AnomalyKind.UNKNOWN_EVENT, message })
          continue
        }
        let event: unknown
        try {
          event = handler.event.decode(l)
        } catch (err) {
          const message = `malformed ${route.name} log with topic0 ${topic0}: ${(err as Error).message}`
          log.warn({ block: pos.blockNumber, logIndex: pos.logIndex, tx: pos.txHash }, message)
          out.anomalies.push({ pos, kind: AnomalyKind.MALFORMED_LOG, message })
          continue
        }
        // Every value is made storable here, so handlers and the writes only ever see safe values.
        const changed = sanitiseValues(event as Record<string, unknown>, this.#sanitise(handler), l)
        if (changed.length) {
          const name = eventName(handler.event.signature, topic0)
          for (const c of changed)
            out.anomalies.push({
              pos,
              kind: AnomalyKind.SANITISED_VALUE,
              message: `${name}.${c.field} held ${c.problem}: stored ${c.problem.startsWith('a number') ? 'clamped' : 'escaped'}`,
              field: `${name}.${c.field}`,
              original: c.original,
            })
          log.warn(
            { block: pos.blockNumber, logIndex: pos.logIndex, tx: pos.txHash },
            `${name} from ${route.name}: ${changed.length} value(s) changed to be storable (${changed.map((c) => c.field).join(', ')})`,
          )
        }
        handler.prefetch?.(event, prefetch, pos)
        out.items.push({ handler, event, pos })
      }
    }
    return out
  }

  /**
   * A log of an address outside the manifest: decoded when a factory's created-contract handler
   * takes its topic, else (or when it does not decode: an unrelated contract's event with the same
   * topic, e.g. an ERC-721 Transfer) dropped without an anomaly. The handler ignores it at apply
   * time unless a factory of ours created the address.
   */
  #decodeCreated(block: Block, l: Block['logs'][number], out: DecodedBatch, prefetch: Prefetch): void {
    const handler = this.#dynamic.route(l.topics[0])
    if (!handler) return
    let event: unknown
    try {
      event = handler.event.decode(l)
    } catch {
      return
    }
    // Without receipt fields: receipts are fetched for the manifest's contracts only.
    const pos = positionOf(block, l, CREATED_CONTRACT, undefined)
    // Numbers only (no text in these events), clamped like any other if ever out of range.
    sanitiseValues(event as Record<string, unknown>, this.#sanitise(handler), l)
    handler.prefetch?.(event, prefetch, pos)
    out.items.push({ handler, event, pos })
  }
}

/**
 * Where a log stands, with its transaction's receipt fields when it came with one. One literal of
 * one shape: this runs per log, and a spread of a second object (position, then receipt fields)
 * cost the WOPEN-only benchmark ~15 % in allocation and GC.
 */
function positionOf(
  block: Block,
  l: Block['logs'][number],
  contract: string,
  tx: Block['logs'][number]['transaction'] | undefined,
): LogPosition {
  return {
    blockNumber: block.header.height,
    blockHash: block.header.hash,
    timestamp: block.header.timestamp,
    logIndex: l.logIndex,
    txHash: l.transactionHash,
    address: l.address,
    contract,
    topics: l.topics,
    data: l.data,
    gasUsed: tx?.gasUsed,
    gasPrice: tx?.effectiveGasPrice ?? tx?.gasPrice,
    l1Fee: tx?.l1Fee,
  }
}

/** Contract name in the position of a log of a contract created at run time (see {@link DynamicRoutes}). */
export const CREATED_CONTRACT = 'created'

/** `Name` of a signature `Name(type,…)`, or the topic when the event has no signature. */
function eventName(signature: string | undefined, topic0: string): string {
  return signature ? signature.slice(0, signature.indexOf('(')) : topic0
}
