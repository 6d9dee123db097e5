/**
 * Compute-once cache of training features per (model version, training set), on top of the
 * content-addressed store. A small ref file maps the cache key to the artifact hash; the artifact
 * itself is verified on every read like any other, so a tampered cache is an error, never an input.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { concatHex, type Hex, keccak256 } from 'viem'
import type { ArtifactStore } from './artifactStore'
import type { TrainingFeatures } from './trainingFeatures'
import { decodeTrainingFeatures, encodeTrainingFeatures } from './trainingFeaturesCodec'

/**
 * Cache key of a model version (its checkpoint artifact hashes, in order) and a training set hash.
 *
 * @example
 * const key = trainingFeaturesKey(checkpointHashes, datasetHash)
 */
export function trainingFeaturesKey(checkpointHashes: readonly Hex[], datasetHash: Hex): Hex {
  return keccak256(concatHex([...checkpointHashes, datasetHash]))
}

/**
 * Returns the cached features for `key`, or runs `compute`, stores the result and records it.
 *
 * @throws {ArtifactHashMismatchError} the cached artifact was tampered with.
 * @example
 * const { features, hash } = await cachedTrainingFeatures({ store, refDir, key, compute: () =>
 *   computeTrainingFeatures(checkpoints, trainX, trainLabels) })
 */
export async function cachedTrainingFeatures(options: {
  store: ArtifactStore
  /** Directory for the key → hash refs. */
  refDir: string
  key: Hex
  compute: () => TrainingFeatures | Promise<TrainingFeatures>
}): Promise<{ features: TrainingFeatures; hash: Hex; cached: boolean }> {
  const hit = await readCachedTrainingFeatures(options)
  if (hit) return { ...hit, cached: true }
  const refFile = refFileOf(options.refDir, options.key)
  const features = await options.compute()
  const hash = await options.store.put(encodeTrainingFeatures(features))
  await mkdir(options.refDir, { recursive: true })
  const tmp = `${refFile}.${randomBytes(6).toString('hex')}.tmp`
  await writeFile(tmp, hash)
  await rename(tmp, refFile)
  return { features, hash, cached: false }
}

/**
 * The features a ref written by {@link cachedTrainingFeatures} points to, or undefined when there
 * is no ref or no artifact behind it (never computes or writes).
 *
 * @throws {ArtifactHashMismatchError} the cached artifact was tampered with.
 * @example
 * const hit = await readCachedTrainingFeatures({ store, refDir, key })
 */
export async function readCachedTrainingFeatures(options: {
  store: ArtifactStore
  refDir: string
  key: Hex
}): Promise<{ features: TrainingFeatures; hash: Hex } | undefined> {
  const ref = await readFile(refFileOf(options.refDir, options.key), 'utf8').catch(() => undefined)
  if (ref === undefined) return undefined
  const hash = ref.trim() as Hex
  if (!(await options.store.has(hash))) return undefined
  return { features: decodeTrainingFeatures(await options.store.get(hash)), hash }
}

const refFileOf = (refDir: string, key: Hex) => path.join(refDir, `${key.toLowerCase()}.ref`)
