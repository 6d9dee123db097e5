import type * as ort from 'onnxruntime-node'
import type { Hex } from 'viem'
import { type DerivedCache, derivedKey } from '../derivedCache'
import { foldedTrainingRow } from '../foldedGradients'
import { buildScoreModel } from '../onnx/buildScoreModel'
import { type AttributionDevice, createSession, type ExecutionDevice } from '../onnx/createSession'
import type { TrainingFeatures } from '../trainingFeatures'

/** Derived-cache kind of a float32 score graph; bump when `buildScoreModel` or the row order changes. */
const SCORE_GRAPH_KIND = 'score-graph/1'

/** One float32 score graph over graph rows `[start, end)`. */
export type FloatShard = { start: number; end: number; session: ort.InferenceSession }

/** Time spent opening graphs, ms: building (or reading from the cache) and creating sessions. */
export type OpenMs = { graphs: number; sessions: number }

/**
 * Builds (or reads from `graphCache`) the float32 score graph of every shard, which outputs all
 * row scores and their TopK, and opens each on `device`. Adds the time spent to `openMs`, which the
 * scorer reports so a slow restart can be told apart from slow scoring.
 *
 * @throws {ExecutionProviderUnavailableError} device 'cuda' without CUDA.
 * @example
 * const { shards, device } = await openFloatShards({ tf, basis, order, bounds, device: 'auto', openMs })
 */
export async function openFloatShards(args: {
  tf: TrainingFeatures
  basis: readonly Float64Array[]
  order: Int32Array
  bounds: readonly { start: number; end: number }[]
  device: AttributionDevice
  openMs: OpenMs
  /** Must identify the training features and contribution ids (see `ScorerOptions.graphCache`). */
  graphCache?: { cache: DerivedCache; key: Hex }
  intraOpNumThreads?: number
}): Promise<{ shards: FloatShard[]; device: ExecutionDevice }> {
  const { tf, basis, order, openMs, graphCache } = args
  const foldedWidth = tf.checkpoints.length * basis.length * tf.width
  const shards: FloatShard[] = []
  let device: ExecutionDevice = 'cpu'
  for (const { start, end } of args.bounds) {
    const build = () =>
      buildScoreModel({ n: end - start, foldedWidth, gT: foldedTransposed(tf, basis, order, start, end) })
    const t0 = performance.now()
    const bytes = graphCache
      ? (
          await graphCache.cache.getOrBuild(
            derivedKey(SCORE_GRAPH_KIND, graphCache.key, String(start), String(end)),
            build,
          )
        ).bytes
      : build()
    const t1 = performance.now()
    const { session, device: ran } = await createSession(bytes, args.device, args)
    openMs.graphs += t1 - t0
    openMs.sessions += performance.now() - t1
    device = ran
    shards.push({ start, end, session })
  }
  return { shards, device }
}

/**
 * Gᵀ `[K·(C−1)·width, rows]` in float32 for training rows `order[start..end)`: column j holds
 * `G` of example order[start + j] (see `foldedGradients`).
 */
function foldedTransposed(
  tf: TrainingFeatures,
  basis: readonly Float64Array[],
  order: Int32Array,
  start: number,
  end: number,
): Float32Array {
  const rows = end - start
  const FW = tf.checkpoints.length * basis.length * tf.width
  const gT = new Float32Array(FW * rows)
  const g = new Float64Array(FW)
  for (let j = 0; j < rows; j++) {
    foldedTrainingRow(tf, basis, order[start + j], g)
    for (let u = 0; u < FW; u++) gT[u * rows + j] = g[u]
  }
  return gT
}
