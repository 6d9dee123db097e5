// The public surface of src/attribution: what other folders and the tests import, and every error class.
// Everything else is internal.
export { type ArtifactStore, createArtifactStore } from './artifactStore'
export { cachedTrainingFeatures, trainingFeaturesKey } from './cachedTrainingFeatures'
export { argmax, type Checkpoint, forward } from './checkpoint'
export { encodeCheckpoint } from './checkpointCodec'
export { createScorer, EXACT_CANDIDATES_BEYOND_K, type Scorer } from './createScorer'
export { createDerivedCache, type DerivedCache, derivedKey } from './derivedCache'
export * from './errors'
export { DEFAULT_BUCKETS, hashedBagOfWords, type SparseVector } from './features'
export { type InferenceQuery, inferenceQuery } from './inferenceQuery'
export { loadModelPackage, publishModelPackage, TRACIN_METHOD } from './modelPackage'
export {
  createModelScorerCache,
  type ModelScorer,
  type ModelScorerCache,
  type ModelScorerOptions,
  openModelScorer,
} from './modelScorer'
export { buildFactorisedScoreModel } from './onnx/buildFactorisedScoreModel'
export { type AttributionDevice, createSession } from './onnx/createSession'
export { createPrng, type Prng } from './prng'
export { selfInfluence } from './selfInfluence'
export { type LabelledEmail, loadSpamAssassin } from './spamAssassin'
export { seededSample, splitTrainTest } from './split'
export { accuracy, trainClassifier } from './trainClassifier'
export { computeTrainingFeatures, rowNorms, type TrainingFeatures } from './trainingFeatures'
export { decodeTrainingFeatures, encodeTrainingFeatures } from './trainingFeaturesCodec'
export { compareContributionIds, largestRemainderPpm, selectTopK, weightsFromScores } from './weightsPpm'
