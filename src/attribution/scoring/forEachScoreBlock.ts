import type { InferenceQuery } from '../inferenceQuery'
import type { TrainingFeatures } from '../trainingFeatures'
import type { FloatShard } from './openFloatShards'
import { scoreGraphFeeds } from './scoreGraphFeeds'

/**
 * Runs the float32 score graphs over `queries`, `maxBatch` queries per run, and hands each shard's
 * scores of each query to `onBlock` as they come: `scores[offset .. offset + shard rows)`, so the
 * caller sums or scatters them without keeping a `[batch, n]` buffer per shard.
 *
 * @example
 * await forEachScoreBlock(shards, queries, { tf, basis, maxBatch: 256 }, (b, shard, scores, offset) => {
 *   for (let j = shard.start; j < shard.end; j++) sums[b] += scores[offset + j - shard.start]
 * })
 */
export async function forEachScoreBlock(
  shards: readonly FloatShard[],
  queries: readonly InferenceQuery[],
  graph: { tf: TrainingFeatures; basis: readonly Float64Array[]; maxBatch: number },
  onBlock: (b: number, shard: FloatShard, scores: Float32Array, offset: number) => void,
): Promise<void> {
  for (let q0 = 0; q0 < queries.length; q0 += graph.maxBatch) {
    const chunk = queries.slice(q0, q0 + graph.maxBatch)
    const feeds = scoreGraphFeeds(chunk, graph.tf, graph.basis)(1)
    for (const shard of shards) {
      const out = await shard.session.run(feeds, ['scores'])
      const scores = out.scores.data as Float32Array
      const rows = shard.end - shard.start
      for (let b = 0; b < chunk.length; b++) onBlock(q0 + b, shard, scores, b * rows)
    }
  }
}
