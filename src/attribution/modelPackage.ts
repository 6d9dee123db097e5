/**
 * The model package: what a model owner publishes (content-addressed) for a model version, and
 * what anyone needs to recompute its attributions: the checkpoints with their learning rates, the
 * ONNX export of each, the feature extractor's settings, and the training set as the list of
 * on-chain contributions (id, content hash, label). Its keccak256 is the `artifactHash` registered
 * on chain, so the chain commits to every byte an oracle or auditor uses.
 */
import type { Hex } from 'viem'
import type { ArtifactStore } from './artifactStore'
import type { Checkpoint } from './checkpoint'
import { decodeCheckpoint, encodeCheckpoint } from './checkpointCodec'
import { ArtifactFormatError } from './errors'
import { buildClassifierModel } from './onnx/buildClassifierModel'

/** The attribution method this package supports (the string registered on chain). */
export const TRACIN_METHOD = 'tracin-cp-last-layer-cosine'
export const MODEL_PACKAGE_FORMAT = 'openledger-model/1'

/** One training example: an accepted on-chain contribution. */
export type TrainingExample = {
  /** Decimal contribution id. */
  contributionId: string
  /** keccak256 of the contribution's content bytes (as on chain and in the store). */
  contentHash: Hex
  /** Class index used for training (the contribution's label tag). */
  label: number
}

/** The JSON document stored under the model's artifact hash. */
export type ModelPackage = {
  format: typeof MODEL_PACKAGE_FORMAT
  attributionMethod: string
  features: { kind: 'hashed-bow'; buckets: number }
  labels: string[]
  checkpoints: { weights: Hex; onnx: Hex; learningRate: number }[]
  training: TrainingExample[]
}

/**
 * Stores every checkpoint (weights and ONNX export) and the package document; returns the package
 * hash to register on chain as the model version's artifact hash.
 *
 * @example
 * const artifactHash = await publishModelPackage(store, { checkpoints, buckets: 16384, labels: ['ham', 'spam'], training })
 */
export async function publishModelPackage(
  store: ArtifactStore,
  input: {
    checkpoints: readonly Checkpoint[]
    buckets: number
    labels: string[]
    training: TrainingExample[]
  },
): Promise<Hex> {
  const checkpoints = []
  for (const ck of input.checkpoints) {
    checkpoints.push({
      weights: await store.put(encodeCheckpoint(ck)),
      onnx: await store.put(buildClassifierModel(ck)),
      learningRate: ck.learningRate,
    })
  }
  const pkg: ModelPackage = {
    format: MODEL_PACKAGE_FORMAT,
    attributionMethod: TRACIN_METHOD,
    features: { kind: 'hashed-bow', buckets: input.buckets },
    labels: input.labels,
    checkpoints,
    training: input.training,
  }
  return store.put(new TextEncoder().encode(JSON.stringify(pkg)))
}

/**
 * Reads and validates a package and decodes its checkpoints; every artifact is hash-verified by the
 * store on the way.
 *
 * @throws {ArtifactNotFoundError} the package or a checkpoint is missing.
 * @throws {ArtifactHashMismatchError} one of them was tampered with.
 * @throws {ArtifactFormatError} the document is not a model package of a known format.
 * @example
 * const { pkg, checkpoints } = await loadModelPackage(store, artifactHash)
 */
export async function loadModelPackage(
  store: ArtifactStore,
  hash: Hex,
): Promise<{ pkg: ModelPackage; checkpoints: Checkpoint[] }> {
  const bytes = await store.get(hash)
  let pkg: ModelPackage
  try {
    pkg = JSON.parse(new TextDecoder().decode(bytes)) as ModelPackage
  } catch (cause) {
    throw new ArtifactFormatError('model package', `${hash} is not JSON (${String(cause)})`)
  }
  if (pkg?.format !== MODEL_PACKAGE_FORMAT)
    throw new ArtifactFormatError(
      'model package',
      `${hash} has unknown format ${JSON.stringify(pkg?.format)}`,
    )
  if (!Array.isArray(pkg.checkpoints) || pkg.checkpoints.length === 0 || !Array.isArray(pkg.training))
    throw new ArtifactFormatError('model package', `${hash} lacks checkpoints or training set`)
  const checkpoints: Checkpoint[] = []
  for (const c of pkg.checkpoints) checkpoints.push(decodeCheckpoint(await store.get(c.weights)))
  return { pkg, checkpoints }
}
