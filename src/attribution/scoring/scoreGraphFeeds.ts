import * as ort from 'onnxruntime-node'
import { foldedQueries } from '../foldedGradients'
import type { InferenceQuery } from '../inferenceQuery'
import type { TrainingFeatures } from '../trainingFeatures'

/**
 * The inputs of the float32 score graph for a chunk of queries: `q` the folded queries
 * `[B, K·(C−1)·width]`, folded once, and per call `k`, how many top rows its TopK returns (shards
 * smaller than k ask for fewer; 1 when only the scores are read, the graph needs a value).
 *
 * @example
 * const feeds = scoreGraphFeeds(chunk, tf, basis)
 * const out = await shard.session.run(feeds(10), ['topScores', 'topRows'])
 */
export function scoreGraphFeeds(
  queries: readonly InferenceQuery[],
  tf: TrainingFeatures,
  basis: readonly Float64Array[],
): (k: number) => { q: ort.Tensor; k: ort.Tensor } {
  const foldedWidth = tf.checkpoints.length * basis.length * tf.width
  const q = new ort.Tensor('float32', Float32Array.from(foldedQueries(queries, tf, basis)), [
    queries.length,
    foldedWidth,
  ])
  return (k) => ({ q, k: new ort.Tensor('int64', BigInt64Array.of(BigInt(k)), [1]) })
}
