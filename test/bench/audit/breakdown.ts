/**
 * Where an audit's time goes, observed from outside `auditSettlements`: the same src functions it
 * calls, timed one phase at a time over the whole record set (scoring batched as the auditor
 * batches it), plus the one-off work per sealed version set (leaf hashing, tree, contributions of
 * record and the package's training-set check).
 */
import type { ArtifactStore } from '../../../src/attribution/artifactStore'
import type { ModelScorer } from '../../../src/attribution/modelScorer'
import type { ContributionRecord, SettlementRecord } from '../../../src/audit/auditTypes'
import { checkPayouts } from '../../../src/audit/checkPayouts'
import { compareWeights } from '../../../src/audit/compareWeights'
import { contributionLeaf, incrementalMerkleRoot } from '../../../src/crypto/merkle'

/** Milliseconds of each phase for all records, and of each per-version-set step once. */
export type Breakdown = {
  records: number
  inputReadsMs: number
  inputFeaturiseMs: number
  /** The same featurisation through the model's query worker, in the auditor's 256-input calls. */
  inputFeaturiseWorkerMs: number
  scoreMs: number
  payoutAndWeightChecksMs: number
  /** One rebuild of every trained version: contributionLeaf over all rows. */
  merkleLeavesMs: number
  /** One rebuild: incrementalMerkleRoot over those leaves. */
  merkleTreeMs: number
  /** Contributions-of-record map plus the package training-set scan, once. */
  trainingSetCheckMs: number
}

const time = async (fn: () => unknown) => {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

/**
 * Times each phase over `records` (all of one model version and policy, as in the bench).
 *
 * @example
 * const b = await measureBreakdown(records, model, store, contributionsOf)
 */
export async function measureBreakdown(
  records: readonly SettlementRecord[],
  model: ModelScorer,
  store: ArtifactStore,
  contributionsOf: (datanetId: bigint) => Promise<ContributionRecord[]>,
): Promise<Breakdown> {
  const inputs: Uint8Array[] = []
  const inputReadsMs = await time(async () => {
    for (const r of records) inputs.push(await store.get(r.inputHash))
  })
  let queries: ReturnType<ModelScorer['query']>[] = []
  const inputFeaturiseMs = await time(() => {
    queries = inputs.map((x) => model.query(x))
  })
  const inputFeaturiseWorkerMs = await time(async () => {
    for (let i = 0; i < inputs.length; i += 256) await model.queryBatch(inputs.slice(i, i + 256))
  })
  const { topK, minWeightPpm } = records[0].attributionPolicy
  let results: Awaited<ReturnType<ModelScorer['scorer']['attributeBatch']>> = []
  const scoreMs = await time(async () => {
    results = await model.scorer.attributeBatch(queries, { topK, minWeightPpm })
  })
  const payoutAndWeightChecksMs = await time(() => {
    records.forEach((r, i) => {
      const res = results[i]
      checkPayouts(r)
      if (!(res instanceof Error))
        compareWeights(
          r.rewards.map((w) => ({ contributionId: w.contributionId.toString(), weightPpm: w.weightPpm })),
          res.weights,
        )
    })
  })

  const rowsOf = await Promise.all(
    records[0].trainedOn.map(async (v) =>
      (await contributionsOf(v.datanetId))
        .filter((c) => c.acceptanceIndex < v.contributionCount)
        .sort((a, b) => a.acceptanceIndex - b.acceptanceIndex),
    ),
  )
  let leaves: `0x${string}`[][] = []
  const merkleLeavesMs = await time(() => {
    leaves = rowsOf.map((rows) => rows.map((c) => contributionLeaf(c.id, c.contributor, c.contentHash)))
  })
  const merkleTreeMs = await time(() => leaves.map((l) => incrementalMerkleRoot(l)))
  const trainingSetCheckMs = await time(() => {
    const inVersions = new Map<string, ContributionRecord>()
    for (const rows of rowsOf) for (const c of rows) inVersions.set(c.id.toString(), c)
    return model.pkg.training.find(
      (t) => inVersions.get(t.contributionId)?.contentHash.toLowerCase() !== t.contentHash.toLowerCase(),
    )
  })
  return {
    records: records.length,
    inputReadsMs,
    inputFeaturiseMs,
    inputFeaturiseWorkerMs,
    scoreMs,
    payoutAndWeightChecksMs,
    merkleLeavesMs,
    merkleTreeMs,
    trainingSetCheckMs,
  }
}
