/**
 * Attribution on the real SpamAssassin corpus with the real onnxruntime: classifier accuracy,
 * near-duplicate attribution and mislabel detection by self-influence. Thresholds are the spec.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  accuracy,
  type Checkpoint,
  cachedTrainingFeatures,
  computeTrainingFeatures,
  createArtifactStore,
  createScorer,
  encodeCheckpoint,
  hashedBagOfWords,
  inferenceQuery,
  loadSpamAssassin,
  type SparseVector,
  seededSample,
  selfInfluence,
  splitTrainTest,
  trainClassifier,
  trainingFeaturesKey,
} from '../../src/attribution'

const BUCKETS = 16384

/** Drops every tenth whitespace-separated word: a near-duplicate of the source mail. */
function nearDuplicate(text: string): string {
  return text
    .split(/\s+/)
    .filter((w, j) => w.length > 0 && j % 10 !== 9)
    .join(' ')
}

/** Probability that a random positive outranks a random negative (ties count half). */
function rocAuc(scores: ArrayLike<number>, positive: Set<number>): number {
  const order = Array.from(scores, (s, i) => [s, i] as const).sort((a, b) => a[0] - b[0])
  let rankSum = 0
  for (let r = 0; r < order.length; ) {
    let e = r
    while (e < order.length && order[e][0] === order[r][0]) e++
    const midRank = (r + 1 + e) / 2
    for (let j = r; j < e; j++) if (positive.has(order[j][1])) rankSum += midRank
    r = e
  }
  const p = positive.size
  const q = order.length - p
  return (rankSum - (p * (p + 1)) / 2) / (p * q)
}

describe('attribution on the SpamAssassin corpus', () => {
  const emails = loadSpamAssassin()
  const { train, test } = splitTrainTest(emails.length, { testFraction: 0.2, seed: 1 })
  let features: SparseVector[]
  let trainX: SparseVector[]
  let trainY: number[]
  let checkpoints: Checkpoint[]

  beforeAll(() => {
    features = emails.map((e) => hashedBagOfWords(e.text, { buckets: BUCKETS }))
    trainX = train.map((i) => features[i])
    trainY = train.map((i) => emails[i].label)
    checkpoints = trainClassifier(trainX, trainY, { inputDim: BUCKETS, seed: 1 })
  })

  it('classifies held-out emails with ≥ 90% accuracy', () => {
    const acc = accuracy(
      checkpoints.at(-1)!,
      test.map((i) => features[i]),
      test.map((i) => emails[i].label),
    )
    console.log(
      `held-out accuracy: ${(acc * 100).toFixed(2)}% on ${test.length} emails (trained on ${train.length})`,
    )
    expect(acc).toBeGreaterThanOrEqual(0.9)
  })

  it('ranks the source email first for ≥ 75% of 60 near-duplicates (ONNX scorer, cached features)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'attr-corpus-'))
    const store = createArtifactStore({ dir: path.join(dir, 'artifacts') })
    const checkpointHashes = await Promise.all(checkpoints.map((c) => store.put(encodeCheckpoint(c))))
    const key = trainingFeaturesKey(checkpointHashes, '0x01')
    const compute = () => computeTrainingFeatures(checkpoints, trainX, trainY)
    const first = await cachedTrainingFeatures({ store, refDir: path.join(dir, 'refs'), key, compute })
    const again = await cachedTrainingFeatures({ store, refDir: path.join(dir, 'refs'), key, compute })
    expect([first.cached, again.cached, again.hash]).toEqual([false, true, first.hash])

    // Contribution id = corpus id of the email, so the check reads in the domain's terms.
    const contributionIds = train.map((i) => emails[i].id)
    const scorer = await createScorer({ trainingFeatures: again.features, contributionIds, device: 'cpu' })
    const picks = seededSample(train.length, 60, 5).map((p) => train[p])
    const queries = picks.map((i) =>
      inferenceQuery(checkpoints, hashedBagOfWords(nearDuplicate(emails[i].text))),
    )
    const results = await scorer.attributeBatch(queries, { topK: 10 })
    let hits = 0
    results.forEach((r, j) => {
      if (!(r instanceof Error) && r.weights[0].contributionId === emails[picks[j]].id) hits++
    })
    console.log(`near-duplicate top-1: ${hits}/60 = ${((hits / 60) * 100).toFixed(1)}%`)
    expect(hits / 60).toBeGreaterThanOrEqual(0.75)
    await scorer.release()
  })

  it('finds 5% flipped labels by self-influence with ROC AUC ≥ 0.9', () => {
    const flipped = new Set(seededSample(train.length, Math.round(train.length * 0.05), 9))
    const noisyY = trainY.map((y, i) => (flipped.has(i) ? 1 - y : y))
    const noisy = trainClassifier(trainX, noisyY, { inputDim: BUCKETS, seed: 1 })
    const si = selfInfluence(computeTrainingFeatures(noisy, trainX, noisyY))
    const auc = rocAuc(si, flipped)
    console.log(`self-influence ROC AUC for ${flipped.size} flipped labels: ${auc.toFixed(4)}`)
    expect(auc).toBeGreaterThanOrEqual(0.9)
  })
})
