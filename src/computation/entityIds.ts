/**
 * Id of a per-event row: zero-padded block and log index, so ids sort in chain order.
 *
 * @example
 * eventId(123, 4) // '0000000123-000004'
 */
export function eventId(blockNumber: number, logIndex: number): string {
  return `${String(blockNumber).padStart(10, '0')}-${String(logIndex).padStart(6, '0')}`
}

/**
 * UTC day of a block timestamp (ms), the id of DailyStat rows.
 *
 * @example
 * dayId(Date.UTC(2026, 10, 25, 13)) // '2026-11-25'
 */
export function dayId(timestampMs: number): string {
  // Called for every event; consecutive events share a day, so the last day's bounds are kept.
  if (timestampMs >= lastDay.from && timestampMs < lastDay.to) return lastDay.id
  const from = Math.floor(timestampMs / DAY_MS) * DAY_MS
  lastDay = { from, to: from + DAY_MS, id: new Date(timestampMs).toISOString().slice(0, 10) }
  return lastDay.id
}

const DAY_MS = 86_400_000
let lastDay = { from: 0, to: 0, id: '' }

/**
 * Lowercase form of an address, the id of Account and Validator rows.
 *
 * @example
 * addressId('0xAbC…') // '0xabc…'
 */
export function addressId(address: string): string {
  return address.toLowerCase()
}
