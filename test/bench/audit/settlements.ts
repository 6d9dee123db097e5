/**
 * SettlementRecords as the chain would report them, built straight from the oracle's weights (no
 * chain needed): default fee policy, contributors of record, and every `dishonestEvery`-th record
 * with weight moved to an accomplice (demo's dishonest oracle) so MISMATCH paths run too.
 */
import { type Address, parseEther } from 'viem'
import { TRACIN_METHOD } from '../../../src/attribution/modelPackage'
import type { ContributionRecord, FeePolicy, SettlementRecord } from '../../../src/audit/auditTypes'
import { inflateForAccomplice } from '../../../src/demo/dishonestWeights'
import type { Fixture } from './fixture'
import { TOP_K } from './fixture'

export const FEE = parseEther('0.5')
export const FEE_POLICY: FeePolicy = {
  protocolBps: 1000,
  modelOwnerBps: 2000,
  stakersBps: 2000,
  contributorsBps: 5000,
}
const VALIDATOR: Address = '0x000000000000000000000000000000000000a11d'

/** The money of one settlement under {@link FEE_POLICY}, as InferenceRouter splits it. */
function payoutsFor(
  weights: { contributionId: bigint; weightPpm: number }[],
  byId: Map<bigint, ContributionRecord>,
) {
  const share = (bps: number) => (FEE * BigInt(bps)) / 10_000n
  const pool = share(FEE_POLICY.contributorsBps)
  const rewards = weights.map((w) => ({
    contributionId: w.contributionId,
    contributor: byId.get(w.contributionId)!.contributor,
    amount: (pool * BigInt(w.weightPpm)) / 1_000_000n,
    weightPpm: w.weightPpm,
  }))
  const protocol = share(FEE_POLICY.protocolBps)
  const modelOwner = share(FEE_POLICY.modelOwnerBps)
  const stakers = share(FEE_POLICY.stakersBps)
  const contributors = rewards.reduce((s, r) => s + r.amount, 0n)
  const dust = FEE - protocol - modelOwner - stakers - contributors
  return { payouts: { protocol, modelOwner, stakers, contributors, dust }, rewards }
}

const contributionsById = new WeakMap<Fixture, Map<bigint, ContributionRecord>>()

/**
 * The record of fixture inference `j` (inference id j + 1) settled with `weights`.
 *
 * @example
 * const record = settlementRecord(fx, 0, [{ contributionId: 7n, weightPpm: 1_000_000 }])
 */
export function settlementRecord(
  fx: Fixture,
  j: number,
  weights: { contributionId: bigint; weightPpm: number }[],
): SettlementRecord {
  let byId = contributionsById.get(fx)
  if (!byId) {
    byId = new Map(fx.contributions.map((c) => [c.id, c]))
    contributionsById.set(fx, byId)
  }
  return {
    inferenceId: BigInt(j + 1),
    modelId: 1n,
    modelVersion: 1,
    artifactHash: fx.artifactHash,
    attributionMethod: TRACIN_METHOD,
    inputHash: fx.inputHashes[j],
    fee: FEE,
    blockNumber: 1_000 + j,
    validator: VALIDATOR,
    ...payoutsFor(weights, byId),
    feePolicy: FEE_POLICY,
    attributionPolicy: { method: TRACIN_METHOD, topK: TOP_K, minWeightPpm: 0, auditTolerancePpm: 1000 },
    trainedOn: fx.roots.map((r) => ({
      datanetId: BigInt(r.datanetId),
      version: 1,
      merkleRoot: r.merkleRoot,
      contributionCount: r.contributionCount,
    })),
  }
}

/**
 * One record per fixture inference; `dishonest` holds the inference ids whose weights were moved.
 *
 * @example
 * const { records, dishonest } = buildSettlements(fixture, 100)
 */
export function buildSettlements(
  fx: Fixture,
  dishonestEvery: number,
): { records: SettlementRecord[]; dishonest: Set<bigint> } {
  const dishonest = new Set<bigint>()
  const records = fx.weights.map((pairs, j): SettlementRecord => {
    const inferenceId = BigInt(j + 1)
    let weights = pairs.map(([id, weightPpm]) => ({ contributionId: BigInt(id), weightPpm }))
    if (dishonestEvery > 0 && j % dishonestEvery === Math.floor(dishonestEvery / 2)) {
      // An accomplice outside the honest top-k, deterministic per inference.
      let accomplice = BigInt(((j * 7919) % fx.contributions.length) + 1)
      while (weights.some((w) => w.contributionId === accomplice))
        accomplice = (accomplice % BigInt(fx.contributions.length)) + 1n
      weights = inflateForAccomplice(accomplice)(inferenceId, weights)
      dishonest.add(inferenceId)
    }
    return settlementRecord(fx, j, weights)
  })
  return { records, dishonest }
}
