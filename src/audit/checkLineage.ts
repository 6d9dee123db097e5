import type { AuditCheck, SettlementRecord } from './auditTypes'
import { lineageSplit } from './lineageSplit'

/**
 * Checks a lineage settlement's money and structure, which no single level can: the levels follow
 * the registry's bases from the settled version to a version without one; each level got exactly
 * its share of the contributors' pool under the upstream share in force at the block; the fee
 * shares follow the fee policy; and everything paid, dust included, sums to the fee.
 *
 * @example
 * const checks = checkLineage(record) // [{ name: 'lineage', ok: true }, { name: 'upstream split', ok: true }, …]
 */
export function checkLineage(record: SettlementRecord): AuditCheck[] {
  const lineage = record.lineage
  if (!lineage) return []
  const { levels, upstreamShareBps } = lineage
  const { fee, payouts: p, feePolicy: f } = record
  const checks: AuditCheck[] = []

  const broken = levels.findIndex((lv, l) => {
    if (l === 0) return lv.modelId !== record.modelId || lv.modelVersion !== record.modelVersion
    const below = levels[l - 1].base
    return !below || below.modelId !== lv.modelId || below.modelVersion !== lv.modelVersion
  })
  const last = levels[levels.length - 1]
  checks.push(
    broken >= 0
      ? {
          name: 'lineage',
          ok: false,
          detail: `level ${broken} is not the registry's base of the level below it`,
        }
      : last.base
        ? {
            name: 'lineage',
            ok: false,
            detail: `level ${last.level} has a base (${last.base.modelId} v${last.base.modelVersion}) the settlement does not pay`,
          }
        : { name: 'lineage', ok: true },
  )

  const pool = (fee * BigInt(f.contributorsBps)) / 10_000n
  const want = lineageSplit(pool, upstreamShareBps, levels.length)
  const wrongSplit = levels.findIndex((lv, l) => lv.amount !== want[l].amount || lv.kept !== want[l].kept)
  checks.push(
    wrongSplit >= 0
      ? {
          name: 'upstream split',
          ok: false,
          detail: `level ${wrongSplit} received ${levels[wrongSplit].amount} and kept ${levels[wrongSplit].kept}, expected ${want[wrongSplit].amount} and ${want[wrongSplit].kept} (${upstreamShareBps} bps upstream in force at block ${record.blockNumber})`,
        }
      : { name: 'upstream split', ok: true },
  )

  const share = (bps: number) => (fee * BigInt(bps)) / 10_000n
  const paid = levels.reduce((s, lv) => s + lv.paid, 0n)
  const wrongShare = (
    [
      ['protocol', p.protocol, f.protocolBps],
      ['model owner', p.modelOwner, f.modelOwnerBps],
      ['stakers', p.stakers, f.stakersBps],
    ] as const
  ).find(([, amount, bps]) => amount !== share(bps))
  checks.push(
    wrongShare
      ? {
          name: 'fee policy',
          ok: false,
          detail: `${wrongShare[0]} share ${wrongShare[1]} differs from ${share(wrongShare[2])} (${wrongShare[2]} bps in force at block ${record.blockNumber})`,
        }
      : paid !== p.contributors
        ? {
            name: 'fee policy',
            ok: false,
            detail: `levels paid ${paid}, contributors share says ${p.contributors}`,
          }
        : { name: 'fee policy', ok: true },
  )
  const total = p.protocol + p.modelOwner + p.stakers + p.contributors + p.dust
  checks.push(
    total === fee
      ? { name: 'conservation', ok: true }
      : { name: 'conservation', ok: false, detail: `payouts sum to ${total}, the fee was ${fee}` },
  )
  return checks
}

/**
 * Checks one level's rewards against what the level kept: each contribution floor(kept × weight /
 * 1,000,000), summing to the level's `paid`.
 *
 * @example
 * checkLevelPayouts(levelRecord, { kept: 400n, paid: 400n }).checks // [{ name: 'level payouts', ok: true }]
 */
export function checkLevelPayouts(
  record: SettlementRecord,
  level: { kept: bigint; paid: bigint },
): { checks: AuditCheck[]; offendingContributionId?: string } {
  const expected = (w: number) => (level.kept * BigInt(w)) / 1_000_000n
  const wrong = record.rewards.find((r) => r.amount !== expected(r.weightPpm))
  const sum = record.rewards.reduce((s, r) => s + r.amount, 0n)
  if (wrong)
    return {
      checks: [
        {
          name: 'level payouts',
          ok: false,
          detail: `contribution ${wrong.contributionId} paid ${wrong.amount}, expected ${expected(wrong.weightPpm)}`,
        },
      ],
      offendingContributionId: wrong.contributionId.toString(),
    }
  if (sum !== level.paid)
    return {
      checks: [
        { name: 'level payouts', ok: false, detail: `rewards sum to ${sum}, the level says ${level.paid}` },
      ],
    }
  return { checks: [{ name: 'level payouts', ok: true }] }
}
