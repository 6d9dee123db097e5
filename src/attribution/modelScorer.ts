/**
 * Opens a scorer for a published model version: everything comes from the artifact store by hash
 * (package, checkpoints, every training contribution's content), so the oracle and the auditor
 * compute from exactly the bytes the chain commits to. The per-example training features are
 * cached by content hash, so a model version pays the forward pass over its training set once.
 */
import path from 'node:path'
import type { Hex } from 'viem'
import type { ArtifactStore } from './artifactStore'
import { readCachedTrainingFeatures, trainingFeaturesKey } from './cachedTrainingFeatures'
import type { Checkpoint } from './checkpoint'
import { createQueryWorker, type QueryWorker } from './createQueryWorker'
import { createScorer, type Scorer } from './createScorer'
import { createDerivedCache, type DerivedCache, derivedKey } from './derivedCache'
import { hashedBagOfWords } from './features'
import { type InferenceQuery, inferenceQuery } from './inferenceQuery'
import { loadModelPackage, type ModelPackage } from './modelPackage'
import type { AttributionDevice } from './onnx/createSession'
import { computeTrainingFeatures, type TrainingFeatures } from './trainingFeatures'
import { decodeTrainingFeatures, encodeTrainingFeatures } from './trainingFeaturesCodec'

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
  /** Where the open went: package and checkpoints, training features, scorer (graphs + sessions). */
  timingsMs: { package: number; features: number; scorer: number }
}

/** Options of {@link openModelScorer} and {@link createModelScorerCache}. */
export type ModelScorerOptions = {
  device?: AttributionDevice
  /**
   * Where earlier versions kept feature refs (read once to migrate) and, in `derived/` under it,
   * the derived cache. @default refs in `<store>/feature-refs`, the derived cache in `<store>/derived`
   */
  cacheDir?: string
  /** Passed to {@link createScorer}: int8 screening on CPU. @default true */
  cpuScreening?: boolean
  /**
   * Read (and write) the derived cache (training features, score graphs;
   * see `derivedCache.ts`). Its entries are authenticated with a secret kept in that directory:
   * whoever can read the secret can forge them. Verifiers of someone else's evidence pass false
   * and recompute everything from the training contents. @default true
   */
  trustFeatureCache?: boolean
  /** The derived cache to use instead of `<cacheDir>/derived` (one per process shares its secret). */
  derivedCache?: DerivedCache
}

/** Derived-cache kind of encoded training features (the codec has its own version inside). */
const FEATURES_KIND = 'training-features/2'

/**
 * The derived cache an open with `options` uses: none when the feature cache is not trusted.
 *
 * @example
 * const derived = derivedCacheOf(store, { cacheDir })
 */
export function derivedCacheOf(store: ArtifactStore, options: ModelScorerOptions): DerivedCache | undefined {
  if (options.trustFeatureCache === false) return undefined
  // Beside the feature refs by default, not among them: tools that treat every file there as a ref stay right.
  const dir = options.cacheDir ? path.join(options.cacheDir, 'derived') : path.join(store.location, 'derived')
  return options.derivedCache ?? createDerivedCache({ dir })
}

const cacheDir = (store: ArtifactStore, options: ModelScorerOptions) =>
  options.cacheDir ?? path.join(store.location, 'feature-refs')

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
  const tStart = performance.now()
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
  const derived = derivedCacheOf(store, options)
  // The features and the graphs built from them are functions of the checkpoints and the package
  // (which lists the training contents and contribution ids): one key names both.
  const featuresKey = trainingFeaturesKey(
    pkg.checkpoints.map((c) => c.weights),
    artifactHash,
  )
  const t0 = performance.now()
  let features: TrainingFeatures
  let cached = false
  const hit =
    derived &&
    (await derived
      .get(derivedKey(FEATURES_KIND, featuresKey))
      .catch((err) => void console.warn(`feature cache unusable: ${(err as Error).message}`)))
  const fromCache = hit && decodeCachedFeatures(hit, pkg.training.length, checkpoints.length)
  if (fromCache) {
    features = fromCache
    cached = true
  } else {
    // A cache written before the derived cache (ref → keccak-verified artifact) saves the forward
    // passes once; the features then move to the derived cache.
    const legacy =
      derived &&
      (await readCachedTrainingFeatures({ store, refDir: cacheDir(store, options), key: featuresKey }).catch(
        (err) => void console.warn(`legacy feature cache unusable: ${(err as Error).message}`),
      ))
    features = legacy?.features ?? (await compute())
    cached = legacy !== undefined
    await derived
      ?.put(derivedKey(FEATURES_KIND, featuresKey), encodeTrainingFeatures(features))
      .catch((err) => console.warn(`training features not cached: ${(err as Error).message}`))
  }
  const t1 = performance.now()
  const scorer = await createScorer({
    trainingFeatures: features,
    contributionIds: pkg.training.map((t) => t.contributionId),
    device: options.device ?? 'auto',
    cpuScreening: options.cpuScreening,
    ...(derived ? { graphCache: { cache: derived, key: featuresKey } } : {}),
  })
  const timingsMs = { package: t0 - tStart, features: t1 - t0, scorer: performance.now() - t1 }
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
    timingsMs,
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

/**
 * Features from an authenticated cache entry, or undefined (logged) when they do not decode or do
 * not fit the package: only this process's own code wrote them, but an older version of it may
 * have, and recomputing is always correct.
 */
function decodeCachedFeatures(bytes: Uint8Array, n: number, K: number): TrainingFeatures | undefined {
  try {
    const f = decodeTrainingFeatures(bytes)
    if (f.n === n && f.checkpoints.length === K) return f
    console.warn(
      `cached training features have ${f.n} examples × ${f.checkpoints.length} checkpoints; recomputing`,
    )
  } catch (err) {
    console.warn(`cached training features unreadable, recomputing: ${(err as Error).message}`)
  }
  return undefined
}

/** Opens each model version once and shares it (oracles of one process, the auditor). */
export type ModelScorerCache = {
  get(artifactHash: Hex): Promise<ModelScorer>
  /**
   * The derived cache its opens use (undefined when not trusted), for other verified derivations
   * of the same process, e.g. the auditor's sealed-root bindings.
   */
  readonly derived?: DerivedCache
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
  const derived = derivedCacheOf(store, options)
  return {
    derived,
    get(artifactHash) {
      let m = open.get(artifactHash)
      if (!m) {
        m = openModelScorer(store, artifactHash, { ...options, derivedCache: derived })
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
