import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type Address, bytesToHex, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ArtifactStore, createArtifactStore } from '../attribution/artifactStore'
import { createScorer, type Scorer } from '../attribution/createScorer'
import type { InferenceQuery } from '../attribution/inferenceQuery'
import { TRACIN_METHOD } from '../attribution/modelPackage'
import type { ModelScorer, ModelScorerCache } from '../attribution/modelScorer'
import { rowNorms, type TrainingFeatures } from '../attribution/trainingFeatures'
import { contributionLeaf, incrementalMerkleRoot } from '../crypto/merkle'
import { auditSettlements } from './auditSettlements'
import type { ContributionRecord, SettlementRecord } from './auditTypes'

// Six one-example contributions scored by the real onnxruntime float32 graph (the auditor's):
// #1 matches the query best, #3 and #4 are byte-identical rows (an exact tie), #2, #5, #6 trail.
const H = [
  [1, 0, 0, 1],
  [0.2, 0.9, 0, 1],
  [0.6, 0.3, 0.2, 1],
  [0.6, 0.3, 0.2, 1],
  [0.1, 0.2, 0.9, 1],
  [-1, 0, 0, 1],
]
const n = H.length
const features: TrainingFeatures = {
  n,
  width: 4,
  numClasses: 2,
  checkpoints: [
    {
      learningRate: 0.1,
      h: Float32Array.from(H.flat()),
      delta: Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 ? -0.5 : 0.5)),
      hNorm: rowNorms(Float32Array.from(H.flat()), n, 4),
      deltaNorm: rowNorms(
        Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 ? -0.5 : 0.5)),
        n,
        2,
      ),
    },
  ],
}
const query: InferenceQuery = {
  label: 0,
  h: [Float32Array.of(1, 0.1, 0, 1)],
  delta: [Float32Array.of(0.5, -0.5)],
}
const who = (i: number) => bytesToHex(Uint8Array.from({ length: 20 }, () => i)) as Address
const contributions: ContributionRecord[] = H.map((_, i) => ({
  id: BigInt(i + 1),
  datanetId: 1n,
  contributor: who(i + 1),
  contentHash: bytesToHex(Uint8Array.from({ length: 32 }, () => 100 + i)) as Hex,
  acceptanceIndex: i,
}))

let dir: string
let store: ArtifactStore
let scorer: Scorer
let scorers: ModelScorerCache
let inputHash: Hex

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'audit-ties-'))
  store = createArtifactStore({ dir })
  inputHash = await store.put(new TextEncoder().encode('an inference input'))
  scorer = await createScorer({
    trainingFeatures: features,
    contributionIds: contributions.map((c) => c.id.toString()),
    device: 'cpu',
    cpuScreening: false,
  })
  const model = {
    pkg: {
      training: contributions.map((c) => ({ contributionId: c.id.toString(), contentHash: c.contentHash })),
    },
    scorer,
    query: () => query,
    queryBatch: async (inputs: readonly Uint8Array[]) => inputs.map(() => query),
    release: async () => {},
  } as unknown as ModelScorer
  scorers = { get: async () => model, close: async () => {} }
})
afterAll(async () => {
  await scorer?.release()
  rmSync(dir, { recursive: true, force: true })
})

/** A settlement paying `paid` (contribution id → ppm) with exact fee arithmetic. */
function settlement(paid: [number, number][]): SettlementRecord {
  const fee = 1_000_000n
  const pool = 500_000n
  const rewards = paid.map(([id, weightPpm]) => ({
    contributionId: BigInt(id),
    contributor: who(id),
    amount: (pool * BigInt(weightPpm)) / 1_000_000n,
    weightPpm,
  }))
  const rewardSum = rewards.reduce((s, r) => s + r.amount, 0n)
  return {
    inferenceId: 1n,
    modelId: 1n,
    modelVersion: 1,
    artifactHash: `0x${'ab'.repeat(32)}`,
    attributionMethod: TRACIN_METHOD,
    inputHash,
    fee,
    blockNumber: 10,
    validator: who(200),
    payouts: {
      protocol: 100_000n,
      modelOwner: 200_000n,
      stakers: 200_000n,
      contributors: rewardSum,
      dust: pool - rewardSum,
    },
    rewards,
    feePolicy: { protocolBps: 1000, modelOwnerBps: 2000, stakersBps: 2000, contributorsBps: 5000 },
    attributionPolicy: { method: TRACIN_METHOD, topK: 2, minWeightPpm: 0, auditTolerancePpm: 100 },
    trainedOn: [
      {
        datanetId: 1n,
        version: 1,
        merkleRoot: incrementalMerkleRoot(
          contributions.map((c) => contributionLeaf(c.id, c.contributor, c.contentHash)),
        ),
        contributionCount: n,
      },
    ],
  }
}

const audit = (record: SettlementRecord) =>
  auditSettlements([record], { store, scorers, contributionsOf: async () => contributions }).then((r) => r[0])

describe('auditSettlements top-k boundary (real onnxruntime)', () => {
  it('verifies the recomputed top-k, and the same payout with the k-th place given to its exact tie', async () => {
    const [recomputed] = await scorer.attributeBatch([query], { topK: 2 })
    if (recomputed instanceof Error) throw recomputed
    // The graph ranks #3 before its tie #4 (smaller id).
    expect(recomputed.weights.map((w) => w.contributionId)).toEqual(['1', '3'])
    const [w1, w3] = recomputed.weights.map((w) => w.weightPpm)

    const honest = await audit(
      settlement([
        [1, w1],
        [3, w3],
      ]),
    )
    expect(honest.status).toBe('VERIFIED')

    const tie = await audit(
      settlement([
        [1, w1],
        [4, w3],
      ]),
    )
    expect(tie.status).toBe('VERIFIED')
    expect(tie.checks.find((c) => c.name === 'weights')?.detail).toMatch(/only at the k-th place/)
  })

  it('flags a k-th place given to a contribution that scores clearly lower, naming it', async () => {
    const [recomputed] = await scorer.attributeBatch([query], { topK: 2 })
    if (recomputed instanceof Error) throw recomputed
    const [w1, w3] = recomputed.weights.map((w) => w.weightPpm)
    const swapped = await audit(
      settlement([
        [1, w1],
        [5, w3],
      ]),
    )
    expect(swapped.status).toBe('MISMATCH')
    expect(swapped.offendingContributionId).toBe('5')
  })
})
