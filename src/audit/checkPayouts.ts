import type { AuditCheck, SettlementRecord } from './auditTypes'

/**
 * Checks a settlement's money against the fee policy in force at its block: every share is the
 * floor of fee × bps / 10,000, each contributor gets floor(pool × weight / 1,000,000), and the
 * payouts plus dust add up to the fee exactly.
 *
 * @example
 * const { checks } = checkPayouts(record) // [{ name: 'conservation', ok: true }, { name: 'fee policy', ok: true }]
 */
export function checkPayouts(record: SettlementRecord): {
  checks: AuditCheck[]
  offendingContributionId?: string
} {
  const { fee, payouts: p, feePolicy: f } = record
  const share = (bps: number) => (fee * BigInt(bps)) / 10_000n
  const total = p.protocol + p.modelOwner + p.stakers + p.contributors + p.dust
  const checks: AuditCheck[] = [
    total === fee
      ? { name: 'conservation', ok: true }
      : { name: 'conservation', ok: false, detail: `payouts sum to ${total}, the fee was ${fee}` },
  ]
  const wrongShare = (
    [
      ['protocol', p.protocol, f.protocolBps],
      ['model owner', p.modelOwner, f.modelOwnerBps],
      ['stakers', p.stakers, f.stakersBps],
    ] as const
  ).find(([, paid, bps]) => paid !== share(bps))
  const pool = share(f.contributorsBps)
  const wrongReward = record.rewards.find((r) => r.amount !== (pool * BigInt(r.weightPpm)) / 1_000_000n)
  const rewardSum = record.rewards.reduce((s, r) => s + r.amount, 0n)
  if (wrongShare)
    checks.push({
      name: 'fee policy',
      ok: false,
      detail: `${wrongShare[0]} share ${wrongShare[1]} differs from ${share(wrongShare[2])} (${wrongShare[2]} bps in force at block ${record.blockNumber})`,
    })
  else if (wrongReward)
    checks.push({
      name: 'fee policy',
      ok: false,
      detail: `contribution ${wrongReward.contributionId} paid ${wrongReward.amount}, expected ${(pool * BigInt(wrongReward.weightPpm)) / 1_000_000n}`,
    })
  else if (rewardSum !== p.contributors)
    checks.push({
      name: 'fee policy',
      ok: false,
      detail: `rewards sum to ${rewardSum}, contributors share says ${p.contributors}`,
    })
  else checks.push({ name: 'fee policy', ok: true })
  return { checks, offendingContributionId: wrongReward?.contributionId.toString() }
}
