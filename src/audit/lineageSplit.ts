/** What one level of a lineage settlement receives and keeps, in wei. */
export type LevelShare = {
  /** What reached the level: the contributors' pool at level 0, the royalty from below otherwise. */
  amount: bigint
  /** What stayed with the level's contributors; the rest went on up (the deepest level keeps all). */
  kept: bigint
}

/**
 * Splits a contributors' pool along a lineage exactly as InferenceRouter.settleWithLineage does:
 * level L passes floor(amount × upstreamShareBps / 10,000) up to its base and keeps the rest; the
 * deepest level keeps all, so the kept amounts sum to the pool exactly.
 *
 * @example
 * lineageSplit(1000n, 2000, 2) // [{ amount: 1000n, kept: 800n }, { amount: 200n, kept: 200n }]
 */
export function lineageSplit(pool: bigint, upstreamShareBps: number, levels: number): LevelShare[] {
  const shares: LevelShare[] = []
  let amount = pool
  for (let level = 0; level < levels; level++) {
    const up = level + 1 < levels ? (amount * BigInt(upstreamShareBps)) / 10_000n : 0n
    shares.push({ amount, kept: amount - up })
    amount = up
  }
  return shares
}
