/**
 * A demo-scale model on the real spam-assassin corpus, in memory: a seeded sample of the emails,
 * the classifier trained on 90 % of them as the demo's model owner does, the training features and
 * the held-out inputs as queries. For tests that compare numeric regimes on real data.
 */
import type { Checkpoint } from '../../src/attribution/checkpoint'
import { createScorer, type Scorer } from '../../src/attribution/createScorer'
import { DEFAULT_BUCKETS, hashedBagOfWords, type SparseVector } from '../../src/attribution/features'
import { type InferenceQuery, inferenceQuery } from '../../src/attribution/inferenceQuery'
import { loadSpamAssassin } from '../../src/attribution/spamAssassin'
import { seededSample, splitTrainTest } from '../../src/attribution/split'
import { trainClassifier } from '../../src/attribution/trainClassifier'
import { computeTrainingFeatures, type TrainingFeatures } from '../../src/attribution/trainingFeatures'

export type RealCorpusModel = {
  checkpoints: Checkpoint[]
  trainX: SparseVector[]
  trainLabels: number[]
  /** Contribution ids '1'..'n' of the training examples. */
  ids: string[]
  features: TrainingFeatures
  heldOutX: SparseVector[]
  queries: InferenceQuery[]
}

/**
 * Trains on a seeded sample of `emails` emails (all 6,046 when omitted).
 *
 * @example
 * const m = buildRealCorpusModel({ emails: 1200, seed: 7 })
 */
export function buildRealCorpusModel(opts: { emails?: number; seed: number }): RealCorpusModel {
  let emails = loadSpamAssassin()
  if (opts.emails) emails = seededSample(emails.length, opts.emails, opts.seed).map((i) => emails[i])
  const split = splitTrainTest(emails.length, { testFraction: 0.1, seed: opts.seed })
  const featurise = (i: number) => hashedBagOfWords(emails[i].text, { buckets: DEFAULT_BUCKETS })
  const trainX = [...split.train].map(featurise)
  const trainLabels = [...split.train].map((i) => emails[i].label)
  const checkpoints = trainClassifier(trainX, trainLabels, { inputDim: DEFAULT_BUCKETS, seed: opts.seed })
  const heldOutX = [...split.test].map(featurise)
  return {
    checkpoints,
    trainX,
    trainLabels,
    ids: trainX.map((_, i) => String(i + 1)),
    features: computeTrainingFeatures(checkpoints, trainX, trainLabels),
    heldOutX,
    queries: heldOutX.map((x) => inferenceQuery(checkpoints, x)),
  }
}

/**
 * The model's two CPU scorers: the oracle's int8 screen and the auditor's float32 graph.
 *
 * @example
 * const { screened, graph } = await openRegimeScorers(m)
 */
export async function openRegimeScorers(m: RealCorpusModel): Promise<{ screened: Scorer; graph: Scorer }> {
  const base = { trainingFeatures: m.features, contributionIds: m.ids, device: 'cpu' as const }
  return {
    screened: await createScorer(base),
    graph: await createScorer({ ...base, cpuScreening: false }),
  }
}
