import type { ContractName } from '../manifest/manifest'
import type { HandlerContext, LogPosition, Prefetch } from './handlerContext'

/** A typegen'd event: its topic0 and decoder. */
export type AbiEventLike<T> = {
  topic: string
  /** `Name(type,…)`, naming the event in anomalies. */
  signature?: string
  decode(rec: { topics: string[]; data: string }): T
}

/** How one event of one contract is indexed: ids to load first, then the pure state change. */
export type EventHandler<T> = {
  event: AbiEventLike<T>
  prefetch?: (e: T, p: Prefetch, pos: LogPosition) => void
  apply: (e: T, c: HandlerContext) => void
}

/** Everything the indexer does with one contract's logs. */
export type ContractHandlers = {
  name: ContractName
  handlers: EventHandler<unknown>[]
  /** Events of the ABI that are known and deliberately not stored (approvals, role changes). */
  ignored: { topic: string }[]
  /**
   * For a factory: the handlers of the contracts it creates at run time. Their logs are requested
   * by topic from any address (`src/computation/dynamicContracts.ts`); each handler must read the
   * created contract's row by the log's address and ignore the log when there is none (an address
   * this factory did not create).
   */
  created?: EventHandler<unknown>[]
  /**
   * For a factory: its events that create a contract, with the created address in each. The
   * ingestion then asks for the created contracts' logs by address rather than by topic from any
   * address. A factory with `created` but no `creates` keeps the topic request.
   */
  creates?: Creation<unknown>[]
}

/** A factory event that creates a contract, and the created contract's address in it. */
export type Creation<T> = { event: AbiEventLike<T>; child: (e: T) => string }

/**
 * Types a creation by its event.
 *
 * @example
 * creation(events.PairCreated, (e) => e.pair)
 */
export function creation<T>(event: AbiEventLike<T>, child: (e: T) => string): Creation<unknown> {
  return { event, child } as Creation<unknown>
}

/**
 * Types a handler by its event (the decoded shape flows into prefetch and apply).
 *
 * @example
 * on(events.Deposit, { prefetch: (e, p) => p.account(e.dst), apply: (e, c) => { c.account(e.dst).wopenBalance += e.wad } })
 */
export function on<T>(event: AbiEventLike<T>, h: Omit<EventHandler<T>, 'event'>): EventHandler<unknown> {
  return { event, ...h } as EventHandler<unknown>
}
