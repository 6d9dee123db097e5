/**
 * Opens a scorer for a published model version: everything comes from the artifact store by hash
 * (package, checkpoints, every training contribution's content), so the oracle and the auditor
 * compute from exactly the bytes the chain commits to. The per-example training features are
 * cached by content hash, so a model version pays the forward pass over its training set once.
 */
import path from 'node:path'
import type { Hex } from 'viem'
import type { ArtifactStore } from './artifactStore'
import { cachedTrainingFeatures, trainingFeaturesKey } from './cachedTrainingFeatures'
import type { Checkpoint } from './checkpoint'
import { createQueryWorker, type QueryWorker } from './createQueryWorker'
import { createScorer, type Scorer } from './createScorer'
import { hashedBagOfWords } from './features'
import { type InferenceQuery, inferenceQuery } from './inferenceQuery'
import { loadModelPackage, type ModelPackage } from './modelPackage'
import type { AttributionDevice } from './onnx/createSession'
import { computeTrainingFeatures, type TrainingFeatures } from './trainingFeatures'

/** A scorer bound to one model version, with what is needed to turn raw inputs into queries. */
export type ModelScorer = {
  artifactHash: Hex
  pkg: ModelPackage
  checkpoints: Checkpoint[]
  scorer: Scorer
  /** The training set's last-layer features the scorer was built from. */
  features: TrainingFeatures
  /** Features and per-checkpoint (h, delta) of a raw input, labelled with the served prediction. */
  query(input: Uint8Array): InferenceQuery
  /**
   * {@link ModelScorer.query} for many inputs on a worker thread (in-thread if the worker cannot
   * start), so a caller can featurise the next batch while this thread runs the scorer.
   */
  queryBatch(inputs: readonly Uint8Array[]): Promise<InferenceQuery[]>
  /** Releases the ONNX sessions and the query worker. */
  release(): Promise<void>
  /** Whether the training features came from the cache. */
  cached: boolean
}

/** Options of {@link openModelScorer} and {@link createModelScorerCache}. */
export type ModelScorerOptions = {
  device?: AttributionDevice
  /** Where feature-cache references live. @default `<store>/feature-refs` */
  cacheDir?: string
  /** Passed to {@link createScorer}: int8 screening on CPU. @default true */
  cpuScreening?: boolean
  /**
   * Read (and write) feature-cache refs. A ref maps a model version to a features artifact that
   * only re-hashes as itself: whoever wrote the ref directory chose it. Verifiers of someone
   * else's evidence pass false and recompute the features from the training contents. @default true
   */
  trustFeatureCache?: boolean
}

/**
 * Loads model version `artifactHash` from `store` and opens its ONNX scorer on `device`.
 *
 * @throws {ArtifactNotFoundError} a package, checkpoint or training content is missing.
 * @throws {ArtifactHashMismatchError} one of them was tampered with.
 * @throws {ArtifactFormatError} the package is malformed.
 * @example
 * const model = await openModelScorer(store, artifactHash, { device: 'auto' })
 * const { weights } = await model.scorer.attribute(model.query(inputBytes), { topK: 10 })
 */
export async function openModelScorer(
  store: ArtifactStore,
  artifactHash: Hex,
  options: ModelScorerOptions = {},
): Promise<ModelScorer> {
  const { pkg, checkpoints } = await loadModelPackage(store, artifactHash)
  const buckets = pkg.features.buckets
  const decoder = new TextDecoder()
  const compute = async () => {
    const examples = []
    for (const t of pkg.training)
      examples.push(hashedBagOfWords(decoder.decode(await store.get(t.contentHash)), { buckets }))
    return computeTrainingFeatures(
      checkpoints,
      examples,
      pkg.training.map((t) => t.label),
    )
  }
  const { features, cached } =
    options.trustFeatureCache === false
      ? { features: await compute(), cached: false }
      : await cachedTrainingFeatures({
          store,
          refDir: options.cacheDir ?? path.join(store.location, 'feature-refs'),
          key: trainingFeaturesKey(
            pkg.checkpoints.map((c) => c.weights),
            artifactHash,
          ),
          compute,
        })
  const scorer = await createScorer({
    trainingFeatures: features,
    contributionIds: pkg.training.map((t) => t.contributionId),
    device: options.device ?? 'auto',
    cpuScreening: options.cpuScreening,
  })
  const query = (input: Uint8Array) =>
    inferenceQuery(checkpoints, hashedBagOfWords(decoder.decode(input), { buckets }))
  let worker: QueryWorker | undefined
  let workerFailed = false
  return {
    artifactHash,
    pkg,
    checkpoints,
    scorer,
    features,
    cached,
    query,
    async queryBatch(inputs) {
      if (!workerFailed) {
        try {
          worker ??= createQueryWorker(checkpoints, buckets)
          return await worker.queries(inputs)
        } catch {
          // Same numbers either way; only the overlap with scoring is lost.
          workerFailed = true
          await worker?.close().catch(() => {})
        }
      }
      return inputs.map(query)
    },
    async release() {
      await worker?.close()
      await scorer.release()
    },
  }
}

/** Opens each model version once and shares it (oracles of one process, the auditor). */
export type ModelScorerCache = {
  get(artifactHash: Hex): Promise<ModelScorer>
  /** Releases every ONNX session. */
  close(): Promise<void>
}

/**
 * A cache of {@link openModelScorer} results keyed by artifact hash.
 *
 * @example
 * const scorers = createModelScorerCache(store, { device: 'cpu' })
 * const model = await scorers.get(artifactHash)
 */
export function createModelScorerCache(
  store: ArtifactStore,
  options: ModelScorerOptions = {},
): ModelScorerCache {
  const open = new Map<Hex, Promise<ModelScorer>>()
  return {
    get(artifactHash) {
      let m = open.get(artifactHash)
      if (!m) {
        m = openModelScorer(store, artifactHash, options)
        // A failed open (missing artifact) must not poison the cache for a later retry.
        m.catch(() => open.delete(artifactHash))
        open.set(artifactHash, m)
      }
      return m
    },
    async close() {
      const all = [...open.values()]
      open.clear()
      for (const m of all) await m.then((x) => x.release()).catch(() => {})
    },
  }
}
