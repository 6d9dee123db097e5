import type { ContractName, Manifest } from '../manifest/manifest'
import { HandlerBugError } from './errors'
import type { ContractHandlers, Creation, EventHandler } from './eventHandler'

/** The log request for contracts created at run time: these topics, any address, from `from`. */
export type DynamicLogRequest = { topic0: string[]; from: number }

/**
 * The manifest factories' creation logs and how to read the created address from one: what the
 * ingestion needs to ask for the created contracts' logs by address (`src/ingestion/createdContracts.ts`).
 */
export type FactoryCreations = {
  factories: { address: string; topic0: string[] }[]
  /** The earliest factory's start block. */
  from: number
  childOf(log: { address: string; topics: string[]; data: string }): string | undefined
}

/**
 * Handlers for logs of contracts that manifest factories create at run time (share tokens, AMM
 * pairs), by topic0. A log reaches them only when its address is not a manifest contract; the
 * handler then decides from the entities whether a factory of ours created the address (the row
 * the factory's creation event saved, read by the log's address), so the set of known addresses is
 * the database itself: loaded per batch with the other rows, extended by a creation earlier in the
 * same batch, and rolled back with a reorg that removes the creation. A log from an address no
 * factory of ours created is dropped without an anomaly: any contract may emit these topics.
 *
 * @example
 * const routes = new DynamicRoutes(manifest, handlersByName)
 * routes.route(log.topics[0])?.event.decode(log)
 */
export class DynamicRoutes {
  readonly #byTopic = new Map<string, EventHandler<unknown>>()
  /** Lowest start block of the manifest factories that create contracts (undefined: none). */
  readonly from: number | undefined
  // factory address -> creation topic0 -> how to read the created address; undefined when a
  // factory does not say (its creations are then only found by topic).
  readonly #creations: Map<string, Map<string, Creation<unknown>>> | undefined

  /** @throws {HandlerBugError} when two different handlers claim one topic. */
  constructor(manifest: Manifest, handlers: Record<ContractName, ContractHandlers>) {
    let from: number | undefined
    let creations: Map<string, Map<string, Creation<unknown>>> | undefined = new Map()
    for (const [name, entry] of Object.entries(manifest.contracts)) {
      const created = handlers[name as ContractName]?.created
      if (!created?.length) continue
      const creates = handlers[name as ContractName]?.creates ?? []
      if (creates.length === 0) creations = undefined
      creations?.set(
        entry.address.toLowerCase(),
        new Map(creates.map((c) => [c.event.topic.toLowerCase(), c])),
      )
      from = from === undefined ? entry.startBlock : Math.min(from, entry.startBlock)
      for (const h of created) {
        const seen = this.#byTopic.get(h.event.topic)
        if (seen && seen !== h)
          throw new HandlerBugError(`two handlers of created contracts for topic ${h.event.topic}`)
        this.#byTopic.set(h.event.topic, h)
      }
    }
    this.from = from
    this.#creations = from === undefined ? undefined : creations
  }

  /**
   * The factories' creation logs, or undefined when no factory is indexed or one does not say
   * which of its events create a contract (`ContractHandlers.creates`).
   *
   * @example
   * routes.factoryCreations()?.childOf(pairCreatedLog) // '0x…' (the pair)
   */
  factoryCreations(): FactoryCreations | undefined {
    const creations = this.#creations
    if (!creations || this.from === undefined) return undefined
    return {
      from: this.from,
      factories: [...creations].map(([address, byTopic]) => ({ address, topic0: [...byTopic.keys()] })),
      childOf(log) {
        const c = creations.get(log.address.toLowerCase())?.get(String(log.topics[0]).toLowerCase())
        // A log that does not decode creates nothing here; its handler records the anomaly.
        return c ? c.child(c.event.decode(log)).toLowerCase() : undefined
      },
    }
  }

  /** The handler for a log of a non-manifest address with this topic0, if any. */
  route(topic0: string | undefined): EventHandler<unknown> | undefined {
    return topic0 === undefined ? undefined : this.#byTopic.get(topic0)
  }

  /** What the processor requests for these contracts, or undefined when no factory is indexed. */
  request(): DynamicLogRequest | undefined {
    return this.from === undefined ? undefined : { topic0: [...this.#byTopic.keys()], from: this.from }
  }
}
