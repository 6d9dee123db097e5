import { AuditInputError } from './errors'

/** Where an event sits in the chain. */
export type LogPosition = { blockNumber: bigint; logIndex: number }

/**
 * The last policy update strictly before `at`: a settlement is paid under the policy that was in
 * force when it was mined, so an update later in the same block does not apply to it.
 *
 * @throws {AuditInputError} when no update precedes `at`.
 * @example
 * const fee = policyInForce(feePolicyUpdates, { blockNumber: 120n, logIndex: 3 }).args
 */
export function policyInForce<T extends LogPosition>(updates: readonly T[], at: LogPosition): T {
  let current: T | undefined
  for (const u of updates) if (isBefore(u, at)) current = u
  if (!current) throw new AuditInputError(`no policy in force at block ${at.blockNumber}`)
  return current
}

function isBefore(a: LogPosition, b: LogPosition): boolean {
  return a.blockNumber < b.blockNumber || (a.blockNumber === b.blockNumber && a.logIndex < b.logIndex)
}
