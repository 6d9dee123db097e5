import type { ApiLimits } from '../server/limits'
import { Semaphore } from './Semaphore'

/** Where one request's statements wait for their turn. */
export type StatementGate = {
  /** Runs `fn` once both the request and its client have a free statement slot. */
  run<T>(fn: () => Promise<T>): Promise<T>
}

export type StatementGates = {
  /** The gate of one new request from `client` (an IP or IPv6 prefix). */
  forRequest(client: string): StatementGate
}

type GateLimits = Pick<
  ApiLimits,
  'maxStatementsPerRequest' | 'maxStatementsPerClient' | 'maxQueuedStatementsPerClient' | 'maxStatementWaitMs'
>

/**
 * Bounds concurrent SQL per request and per client, so one request with thirty heavy root fields,
 * or one client with many such requests, holds a few pool connections and the rest stay free for
 * other clients. A statement takes its request's slot first, then its client's; the client queue
 * is bounded in length and waiting time (StatementQueueError beyond).
 *
 * @example
 * const gates = createStatementGates(limits)
 * const gate = gates.forRequest(req.ip)
 * const rows = await gate.run(() => pool.query(sql))
 */
export function createStatementGates(limits: GateLimits): StatementGates {
  const clients = new Map<string, Semaphore>()
  return {
    forRequest(client) {
      const own = new Semaphore(limits.maxStatementsPerRequest)
      return {
        run: (fn) =>
          own.use(async () => {
            let shared = clients.get(client)
            if (!shared) {
              shared = new Semaphore(limits.maxStatementsPerClient, {
                maxQueue: limits.maxQueuedStatementsPerClient,
                maxWaitMs: limits.maxStatementWaitMs,
              })
              clients.set(client, shared)
            }
            const sem = shared
            try {
              return await sem.use(fn)
            } finally {
              // Forgotten once idle, so the map holds only clients with work in flight.
              if (sem.idle && clients.get(client) === sem) clients.delete(client)
            }
          }),
      }
    },
  }
}
