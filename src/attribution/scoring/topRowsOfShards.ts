import type { InferenceQuery } from '../inferenceQuery'
import type { TrainingFeatures } from '../trainingFeatures'
import type { FloatShard } from './openFloatShards'
import { scoreGraphFeeds } from './scoreGraphFeeds'

/**
 * The k best rows of every query over all shards, ranked per shard by the graph's TopK so only k
 * values per query and shard leave the runtime. Global row indices, unordered across shards.
 *
 * @example
 * const [{ rows, scores }] = await topRowsOfShards(shards, [query], 18, { tf, basis, maxBatch: 256 })
 */
export async function topRowsOfShards(
  shards: readonly FloatShard[],
  queries: readonly InferenceQuery[],
  k: number,
  graph: { tf: TrainingFeatures; basis: readonly Float64Array[]; maxBatch: number },
): Promise<{ rows: number[]; scores: number[] }[]> {
  const result = queries.map(() => ({ rows: [] as number[], scores: [] as number[] }))
  for (let q0 = 0; q0 < queries.length; q0 += graph.maxBatch) {
    const chunk = queries.slice(q0, q0 + graph.maxBatch)
    const feeds = scoreGraphFeeds(chunk, graph.tf, graph.basis)
    for (const shard of shards) {
      const kk = Math.min(k, shard.end - shard.start)
      if (kk === 0) continue
      const out = await shard.session.run(feeds(kk), ['topScores', 'topRows'])
      const values = out.topScores.data as Float32Array
      const rows = out.topRows.data as BigInt64Array
      for (let b = 0; b < chunk.length; b++)
        for (let x = b * kk; x < (b + 1) * kk; x++) {
          result[q0 + b].rows.push(shard.start + Number(rows[x]))
          result[q0 + b].scores.push(values[x])
        }
    }
  }
  return result
}
