/**
 * The attribution scorer: TracIn-CP restricted to the last layer, cosine-normalised, run as an
 * ONNX graph over a batch of inferences, then aggregated per contribution and turned into ppm
 * weights. Serves both the oracle (one inference) and the auditor (many per run).
 */
import * as ort from 'onnxruntime-node'
import { AttributionInputError, NoPositiveAttributionError } from './errors'
import type { InferenceQuery } from './inferenceQuery'
import { buildScoreModel, sumZeroBasis } from './onnx/buildScoreModel'
import { type AttributionDevice, createSession, type ExecutionDevice } from './onnx/createSession'
import { selfInfluence } from './selfInfluence'
import type { TrainingFeatures } from './trainingFeatures'
import {
  type ContributionWeight,
  compareContributionIds,
  type WeightOptions,
  weightsFromScores,
} from './weightsPpm'

/** Options of {@link createScorer}. */
export type ScorerOptions = {
  trainingFeatures: TrainingFeatures
  /** Contribution of each training example (several examples may share one). @default String(i) */
  contributionIds?: readonly string[]
  /** @default 'auto' */
  device?: AttributionDevice
  /** Examples per ONNX model; keeps each under protobuf's 2 GiB limit. @default 200000 */
  maxExamplesPerShard?: number
  /** Inferences per ONNX run; bounds the `[batch, n]` score buffer. @default 256 */
  maxBatch?: number
  intraOpNumThreads?: number
}

/** Weights of one inference. */
export type Attribution = { label: number; weights: ContributionWeight[] }

/** A ready scorer; call `release()` when done to free the sessions. */
export type Scorer = {
  /** The execution provider that runs the score graph. */
  readonly device: ExecutionDevice
  readonly numExamples: number
  /** Distinct contribution ids, in {@link compareContributionIds} order (index = contribution index). */
  readonly contributionIds: readonly string[]
  /** Cosine TracIn-CP score of every training example (original order) for each query. */
  scoreBatch(queries: readonly InferenceQuery[]): Promise<Float32Array[]>
  /** Scores summed per contribution (in `contributionIds` order) for each query. */
  contributionScores(queries: readonly InferenceQuery[]): Promise<Float64Array[]>
  /** Weights per query; a query without any positive score yields a {@link NoPositiveAttributionError}. */
  attributeBatch(
    queries: readonly InferenceQuery[],
    options: WeightOptions,
  ): Promise<(Attribution | NoPositiveAttributionError)[]>
  /** @throws {NoPositiveAttributionError} */
  attribute(query: InferenceQuery, options: WeightOptions): Promise<Attribution>
  /** Self-influence Σ_k eta_k |g_i|² summed per contribution (data-quality signal; high = suspicious). */
  selfInfluence(): { contributionId: string; selfInfluence: number }[]
  release(): Promise<void>
}

type Shard = { start: number; end: number; session: ort.InferenceSession }

/**
 * Builds the score graph(s) for a model version's training features and opens them on the chosen
 * execution provider. Training rows are reordered so each contribution's examples are contiguous,
 * which makes per-contribution aggregation a streaming pass.
 *
 * @throws {ExecutionProviderUnavailableError} device 'cuda' without CUDA.
 * @throws {AttributionInputError} contributionIds length differs from the number of examples.
 * @example
 * const scorer = await createScorer({ trainingFeatures, contributionIds, device: config.attributionDevice })
 * const { weights } = await scorer.attribute(inferenceQuery(checkpoints, x), { topK: 10 })
 */
export async function createScorer(options: ScorerOptions): Promise<Scorer> {
  const tf = options.trainingFeatures
  const { n, width, numClasses } = tf
  const K = tf.checkpoints.length
  const rawIds = options.contributionIds ?? Array.from({ length: n }, (_, i) => String(i))
  if (rawIds.length !== n)
    throw new AttributionInputError(`${rawIds.length} contributionIds for ${n} examples`)
  if (K === 0) throw new AttributionInputError('training features have no checkpoints')

  const ids = [...new Set(rawIds)].sort(compareContributionIds)
  const indexOf = new Map(ids.map((id, c) => [id, c]))
  const contributionOfExample = Int32Array.from(rawIds, (id) => indexOf.get(id)!)
  // Stable sort by contribution: row j of the graph is training example order[j].
  const order = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => contributionOfExample[a] - contributionOfExample[b] || a - b,
  )
  const contributionOfRow = Int32Array.from(order, (i) => contributionOfExample[i])
  const identity = ids.length === n

  const basis = sumZeroBasis(numClasses)
  const foldedWidth = K * basis.length * width
  const shardSize = options.maxExamplesPerShard ?? 200_000
  const maxBatch = options.maxBatch ?? 256
  const shards: Shard[] = []
  let device: ExecutionDevice = 'cpu'
  for (let start = 0; start < n || (n === 0 && start === 0); start += shardSize) {
    const end = Math.min(n, start + shardSize)
    const gT = foldedTransposed(tf, basis, order, start, end)
    const bytes = buildScoreModel({ n: end - start, foldedWidth, gT })
    const opened = await createSession(bytes, options.device ?? 'auto', options)
    device = opened.device
    shards.push({ start, end, session: opened.session })
    if (n === 0) break
  }

  /** Runs the graph; calls `onRows(b, rowStart, scores, offset)` with each shard's `[B, rows]` block. */
  const run = async (
    queries: readonly InferenceQuery[],
    onBlock: (b: number, shard: Shard, scores: Float32Array, offset: number) => void,
  ): Promise<void> => {
    for (let q0 = 0; q0 < queries.length; q0 += maxBatch) {
      const chunk = queries.slice(q0, q0 + maxBatch)
      const feeds = queryFeeds(chunk, tf, basis)
      for (const shard of shards) {
        const out = await shard.session.run(feeds)
        const scores = out.scores.data as Float32Array
        const rows = shard.end - shard.start
        for (let b = 0; b < chunk.length; b++) onBlock(q0 + b, shard, scores, b * rows)
      }
    }
  }

  const contributionScores = async (queries: readonly InferenceQuery[]): Promise<Float64Array[]> => {
    const result = queries.map(() => new Float64Array(ids.length))
    await run(queries, (b, shard, scores, offset) => {
      const agg = result[b]
      for (let j = shard.start; j < shard.end; j++)
        agg[contributionOfRow[j]] += scores[offset + j - shard.start]
    })
    return result
  }

  const attributeBatch = async (queries: readonly InferenceQuery[], weightOptions: WeightOptions) => {
    // Fast path: one example per contribution and one shard — rank the graph's output row in place.
    const rows = identity && shards.length === 1 ? await rowsOf(queries) : await contributionScores(queries)
    return rows.map((scores, b) => {
      try {
        return { label: queries[b].label, weights: weightsFromScores(scores, ids, weightOptions) }
      } catch (err) {
        if (err instanceof NoPositiveAttributionError) return err
        throw err
      }
    })
  }

  const rowsOf = async (queries: readonly InferenceQuery[]): Promise<Float32Array[]> => {
    const result: Float32Array[] = []
    await run(queries, (b, shard, scores, offset) => {
      result[b] = scores.subarray(offset, offset + shard.end - shard.start)
    })
    return result
  }

  return {
    device,
    numExamples: n,
    contributionIds: ids,
    async scoreBatch(queries) {
      const result = queries.map(() => new Float32Array(n))
      await run(queries, (b, shard, scores, offset) => {
        const dst = result[b]
        for (let j = shard.start; j < shard.end; j++) dst[order[j]] = scores[offset + j - shard.start]
      })
      return result
    },
    contributionScores,
    attributeBatch,
    async attribute(query, weightOptions) {
      const [result] = await attributeBatch([query], weightOptions)
      if (result instanceof NoPositiveAttributionError) throw result
      return result
    },
    selfInfluence() {
      const perExample = selfInfluence(tf)
      const agg = new Float64Array(ids.length)
      for (let i = 0; i < n; i++) agg[contributionOfExample[i]] += perExample[i]
      return ids.map((contributionId, c) => ({ contributionId, selfInfluence: agg[c] }))
    },
    async release() {
      await Promise.all(shards.map((s) => s.session.release()))
    },
  }
}

/**
 * Gᵀ `[K·(C−1)·width, rows]` for training rows `order[start..end)`: column j holds
 * concat_k eta_k (Δ̂ V) ⊗ Ĥ of example order[start + j]. Zero-norm rows stay zero (cosine 0).
 */
function foldedTransposed(
  tf: TrainingFeatures,
  basis: readonly Float64Array[],
  order: Int32Array,
  start: number,
  end: number,
): Float32Array {
  const { width: W, numClasses: C } = tf
  const rows = end - start
  const M = basis.length
  const gT = new Float32Array(tf.checkpoints.length * M * W * rows)
  tf.checkpoints.forEach((ck, k) => {
    for (let j = 0; j < rows; j++) {
      const i = order[start + j]
      if (!(ck.hNorm[i] > 0 && ck.deltaNorm[i] > 0)) continue
      for (let m = 0; m < M; m++) {
        let proj = 0
        for (let c = 0; c < C; c++) proj += ck.delta[i * C + c] * basis[m][c]
        const a = (ck.learningRate * proj) / (ck.deltaNorm[i] * ck.hNorm[i])
        const base = (k * M + m) * W
        for (let u = 0; u < W; u++) gT[(base + u) * rows + j] = a * ck.h[i * W + u]
      }
    }
  })
  return gT
}

/** The folded query `q` `[B, K·(C−1)·width]`: concat_k (δ̂_k V) ⊗ ĥ_k per inference. */
function queryFeeds(
  queries: readonly InferenceQuery[],
  tf: TrainingFeatures,
  basis: readonly Float64Array[],
): Record<string, ort.Tensor> {
  const { width: W, numClasses: C } = tf
  const K = tf.checkpoints.length
  const M = basis.length
  const B = queries.length
  const stride = K * M * W
  const q = new Float32Array(B * stride)
  queries.forEach((query, b) => {
    if (query.h.length !== K || query.delta.length !== K)
      throw new AttributionInputError(`query has ${query.h.length} checkpoints, model has ${K}`)
    for (let k = 0; k < K; k++) {
      const h = query.h[k]
      const d = query.delta[k]
      if (h.length !== W || d.length !== C)
        throw new AttributionInputError(`query widths ${h.length}/${d.length}, expected ${W}/${C}`)
      const hn = norm(h)
      const dn = norm(d)
      if (!(hn > 0 && dn > 0)) continue
      for (let m = 0; m < M; m++) {
        let proj = 0
        for (let c = 0; c < C; c++) proj += d[c] * basis[m][c]
        const a = proj / (dn * hn)
        const base = b * stride + (k * M + m) * W
        for (let u = 0; u < W; u++) q[base + u] = a * h[u]
      }
    }
  })
  return { q: new ort.Tensor('float32', q, [B, stride]) }
}

function norm(v: ArrayLike<number>): number {
  let s = 0
  for (let u = 0; u < v.length; u++) s += v[u] * v[u]
  return Math.sqrt(s)
}
