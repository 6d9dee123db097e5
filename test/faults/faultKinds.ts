/**
 * What the fault proxy can do to one JSON-RPC exchange. Every kind is a transport or protocol
 * failure, or a stale but true answer: the node never lies here (a well-formed wrong answer is
 * out of scope), so an indexer that retries what it cannot read ends with the clean run's state.
 */
export const FAULT_KINDS = [
  /** The connection is closed before any answer. */
  'drop',
  /** Headers and half the body are sent, then the connection is closed. */
  'cutMidBody',
  /** The answer is held back (sometimes past the client's timeout), then sent whole. */
  'delay',
  /** HTTP 429 with Retry-After. */
  'http429',
  /** HTTP 500, 502, 503 or 504. */
  'http5xx',
  /** HTTP 200 with the JSON cut short. */
  'truncatedJson',
  /** HTTP 200 with an HTML error page instead of JSON. */
  'notJson',
  /** A JSON-RPC envelope with neither `result` nor `error` (one element of a batch). */
  'missingResult',
  /** A JSON-RPC answer whose id is not the request's (one element of a batch). */
  'wrongId',
  /** A batch answer missing its last element. */
  'shortBatch',
  /** A batch answer with a `null` element. */
  'nullInBatch',
  /** A batch answer in another order (legal JSON-RPC: matched by id). */
  'reorderedBatch',
  /** `eth_blockNumber` / `eth_getBlockByNumber('latest')` answered with an older block. */
  'staleHead',
] as const

export type FaultKind = (typeof FAULT_KINDS)[number]

/** Faults injected so far, by kind. */
export type FaultCounts = Record<FaultKind, number>

/**
 * A zeroed count per kind.
 *
 * @example
 * const counts = emptyFaultCounts() // { drop: 0, cutMidBody: 0, … }
 */
export function emptyFaultCounts(): FaultCounts {
  return Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as FaultCounts
}

/**
 * One line per kind and the total, for a test's or the soak's log.
 *
 * @example
 * console.log(formatFaultCounts(proxy.counts, proxy.requests))
 */
export function formatFaultCounts(counts: FaultCounts, requests: number): string {
  const total = FAULT_KINDS.reduce((n, k) => n + counts[k], 0)
  const width = Math.max(...FAULT_KINDS.map((k) => k.length))
  return [
    ...FAULT_KINDS.map((k) => `  ${k.padEnd(width)}  ${String(counts[k]).padStart(6)}`),
    `  ${'total'.padEnd(width)}  ${String(total).padStart(6)}  (of ${requests} requests)`,
  ].join('\n')
}

/**
 * Sum of all kinds.
 *
 * @example
 * expect(totalFaults(proxy.counts)).toBeGreaterThan(200)
 */
export function totalFaults(counts: FaultCounts): number {
  return FAULT_KINDS.reduce((n, k) => n + counts[k], 0)
}
