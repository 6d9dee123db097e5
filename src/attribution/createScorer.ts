/**
 * The attribution scorer: TracIn-CP restricted to the last layer, cosine-normalised, run as an
 * ONNX graph over a batch of inferences, then aggregated per contribution and turned into ppm
 * weights. Serves both the oracle (one inference) and the auditor (many per run).
 */
import * as ort from 'onnxruntime-node'
import type { Hex } from 'viem'
import { type DerivedCache, derivedKey } from './derivedCache'
import { AttributionInputError, NoPositiveAttributionError } from './errors'
import { foldedQueries, foldedScore, foldedTrainingRow } from './foldedGradients'
import type { InferenceQuery } from './inferenceQuery'
import { buildScoreModel, sumZeroBasis } from './onnx/buildScoreModel'
import { buildScreeningModel } from './onnx/buildScreeningModel'
import {
  type AttributionDevice,
  createSession,
  type ExecutionDevice,
  prefersCuda,
} from './onnx/createSession'
import { createScreenedAttribution, type ScreeningShard } from './screening/createScreenedAttribution'
import { quantiseTrainingRows } from './screening/quantiseTrainingRows'
import { selfInfluence } from './selfInfluence'
import type { TrainingFeatures } from './trainingFeatures'
import {
  assertTopK,
  type ContributionWeight,
  compareContributionIds,
  selectTopK,
  type WeightOptions,
  weightsFromScores,
} from './weightsPpm'

/**
 * Rows (or contributions) beyond the k-th that the float32 graph hands to the exact rescoring. The
 * graph only nominates candidates: a row it ranks below k + this many would need a float32 error
 * larger than the score gap across those ranks to belong in the exact top-k (errors measured on
 * the spam corpus are ~1e-7 of a score, see src/audit/README.md).
 */
export const EXACT_CANDIDATES_BEYOND_K = 8

/** Derived-cache kind of a float32 score graph; bump when `buildScoreModel` or the row order changes. */
const SCORE_GRAPH_KIND = 'score-graph/1'

/** Options of {@link createScorer}. */
export type ScorerOptions = {
  trainingFeatures: TrainingFeatures
  /** Contribution of each training example (several examples may share one). @default String(i) */
  contributionIds?: readonly string[]
  /** @default 'auto' */
  device?: AttributionDevice
  /** Examples per ONNX model; keeps each under protobuf's 2 GiB limit. @default 200000 */
  maxExamplesPerShard?: number
  /**
   * Inferences per ONNX run; bounds the `[batch, n]` float32 score buffer (the int8 screen runs half as
   * many per run, two int32 rows each, so the same bytes). @default 256
   */
  maxBatch?: number
  intraOpNumThreads?: number
  /**
   * Keeps each built float32 score graph in `cache` under a key derived from `key` (which must
   * identify the training features and the contribution ids, e.g. the model version's feature-cache
   * key) and the shard bounds, so a restart reads the graph instead of folding and encoding it.
   */
  graphCache?: { cache: DerivedCache; key: Hex }
  /**
   * On CPU, attribute through the int8 screen and exact rescoring; `false` ranks the float32 graph's
   * full score rows instead (the previous path, kept for comparison and as a fallback).
   * @default true
   */
  cpuScreening?: boolean
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
  /** Time spent building (or reading from the cache) graphs and creating sessions so far, ms. */
  readonly openMs: { graphs: number; sessions: number }
  /** Cosine TracIn-CP score of every training example (original order) for each query. */
  scoreBatch(queries: readonly InferenceQuery[]): Promise<Float32Array[]>
  /** Scores summed per contribution (in `contributionIds` order) for each query. */
  contributionScores(queries: readonly InferenceQuery[]): Promise<Float64Array[]>
  /**
   * Exact float64 scores (the documented formula, {@link foldedScore}) of the given contributions
   * for each query; NaN for an id the model does not train on.
   */
  exactScores(
    queries: readonly InferenceQuery[],
    contributionIds: readonly (readonly string[])[],
  ): Float64Array[]
  /**
   * Weights per query, always from exact float64 scores (the float32 graph or the int8 screen only
   * choose what to rescore); a query without any positive score yields a {@link NoPositiveAttributionError}.
   */
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
 * which makes per-contribution aggregation a streaming pass. On CUDA the float32 graph scores every
 * row; on CPU `attributeBatch` runs the int8 screening graph and rescores only the contributions
 * that can reach the top-k (see `createScreenedAttribution`), and the float32 graph is opened on first
 * use of `scoreBatch` or `contributionScores`.
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
  const shardStarts: number[] = []
  for (let start = 0; start < n || (n === 0 && start === 0); start += shardSize) {
    shardStarts.push(start)
    if (n === 0) break
  }
  const rowStart = new Int32Array(ids.length + 1)
  for (let j = 0; j < n; j++) rowStart[contributionOfRow[j] + 1] = j + 1
  for (let c = 1; c <= ids.length; c++) rowStart[c] = Math.max(rowStart[c], rowStart[c - 1])

  let device: ExecutionDevice = 'cpu'
  const openMs = { graphs: 0, sessions: 0 }
  /** Float32 score graphs (all n scores out): the CUDA path, and full score vectors on CPU. */
  const openFloatShards = async (requested: AttributionDevice): Promise<Shard[]> => {
    const opened: Shard[] = []
    for (const start of shardStarts) {
      const end = Math.min(n, start + shardSize)
      const build = () =>
        buildScoreModel({ n: end - start, foldedWidth, gT: foldedTransposed(tf, basis, order, start, end) })
      const cached = options.graphCache
      const t0 = performance.now()
      const bytes = cached
        ? (
            await cached.cache.getOrBuild(
              derivedKey(SCORE_GRAPH_KIND, cached.key, String(start), String(end)),
              build,
            )
          ).bytes
        : build()
      const t1 = performance.now()
      const { session, device: ran } = await createSession(bytes, requested, options)
      openMs.graphs += t1 - t0
      openMs.sessions += performance.now() - t1
      device = ran
      opened.push({ start, end, session })
    }
    return opened
  }

  const requested = options.device ?? 'auto'
  let floatShards: Promise<Shard[]> | undefined
  let screeningShards: ScreeningShard[] = []
  if (prefersCuda(requested) || options.cpuScreening === false) {
    floatShards = Promise.resolve(await openFloatShards(requested))
  } else {
    // CPU: the int8 screen reads a quarter of the bytes; float32 graphs open only if full score vectors are asked for.
    for (const start of shardStarts) {
      const end = Math.min(n, start + shardSize)
      const t0 = performance.now()
      const rows = quantiseTrainingRows(tf, basis, order, start, end)
      const bytes = buildScreeningModel({ n: end - start, foldedWidth, gT: rows.gT })
      const t1 = performance.now()
      const { session } = await createSession(bytes, 'cpu', options)
      openMs.graphs += t1 - t0
      openMs.sessions += performance.now() - t1
      // ORT holds its own (pre-packed) copy of the codes; keep only the bound terms here.
      screeningShards.push({ start, end, session, rows: { ...rows, gT: new Int8Array(0) } })
    }
  }
  const scoreShards = (): Promise<Shard[]> => {
    floatShards ??= openFloatShards('cpu')
    return floatShards
  }
  const screened =
    device === 'cpu' && screeningShards.length > 0
      ? createScreenedAttribution({
          tf,
          basis,
          order,
          rowStart,
          contributionOfRow,
          ids,
          shards: screeningShards,
          maxBatch: Math.max(1, Math.floor(maxBatch / 2)),
        })
      : undefined

  /** Runs the float32 graphs; calls `onBlock(b, shard, scores, offset)` with each shard's `[B, rows]` block. */
  const run = async (
    queries: readonly InferenceQuery[],
    onBlock: (b: number, shard: Shard, scores: Float32Array, offset: number) => void,
  ): Promise<void> => {
    const shards = await scoreShards()
    for (let q0 = 0; q0 < queries.length; q0 += maxBatch) {
      const chunk = queries.slice(q0, q0 + maxBatch)
      const q = Float32Array.from(foldedQueries(chunk, tf, basis))
      const feeds = { q: new ort.Tensor('float32', q, [chunk.length, foldedWidth]), k: kFeed(1) }
      for (const shard of shards) {
        const out = await shard.session.run(feeds, ['scores'])
        const scores = out.scores.data as Float32Array
        const rows = shard.end - shard.start
        for (let b = 0; b < chunk.length; b++) onBlock(q0 + b, shard, scores, b * rows)
      }
    }
  }

  /**
   * The k best rows of every query over all shards (per shard by the graph's TopK, so only k
   * values per query and shard leave the runtime). Global row indices, unordered across shards.
   */
  const topRowsOf = async (
    queries: readonly InferenceQuery[],
    k: number,
  ): Promise<{ rows: number[]; scores: number[] }[]> => {
    const shards = await scoreShards()
    const result = queries.map(() => ({ rows: [] as number[], scores: [] as number[] }))
    for (let q0 = 0; q0 < queries.length; q0 += maxBatch) {
      const chunk = queries.slice(q0, q0 + maxBatch)
      const q = Float32Array.from(foldedQueries(chunk, tf, basis))
      for (const shard of shards) {
        const kk = Math.min(k, shard.end - shard.start)
        if (kk === 0) continue
        const out = await shard.session.run(
          { q: new ort.Tensor('float32', q, [chunk.length, foldedWidth]), k: kFeed(kk) },
          ['topScores', 'topRows'],
        )
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

  const contributionScores = async (queries: readonly InferenceQuery[]): Promise<Float64Array[]> => {
    const result = queries.map(() => new Float64Array(ids.length))
    await run(queries, (b, shard, scores, offset) => {
      const agg = result[b]
      for (let j = shard.start; j < shard.end; j++)
        agg[contributionOfRow[j]] += scores[offset + j - shard.start]
    })
    return result
  }

  /** Exact score of contribution c for the folded query at `q[offset]`. */
  const exactScore = (q: Float64Array, offset: number, c: number): number => {
    let score = 0
    for (let j = rowStart[c]; j < rowStart[c + 1]; j++) score += foldedScore(tf, basis, q, offset, order[j])
    return score
  }

  const exactScores = (
    queries: readonly InferenceQuery[],
    wanted: readonly (readonly string[])[],
  ): Float64Array[] => {
    const q = foldedQueries(queries, tf, basis)
    return queries.map((_, b) =>
      Float64Array.from(wanted[b], (id) => {
        const c = indexOf.get(id)
        return c === undefined ? Number.NaN : exactScore(q, b * foldedWidth, c)
      }),
    )
  }

  const attributeBatch = async (queries: readonly InferenceQuery[], weightOptions: WeightOptions) => {
    if (screened) return screened(queries, weightOptions)
    // Float32 path (CUDA, or CPU without screening): the graph nominates the k + 8 best rows (its
    // TopK; equal scores go to the lower row = the smaller contribution id), those are rescored
    // exactly in float64 and the weights come from the exact scores only, as on the int8 path. A
    // NaN among them (non-finite features), or several examples per contribution, takes the
    // full-vector path, which nominates the k + 8 best contribution sums instead.
    assertTopK(weightOptions.topK)
    const depth = weightOptions.topK + EXACT_CANDIDATES_BEYOND_K
    const q = foldedQueries(queries, tf, basis)
    const weigh = (b: number, candidates: readonly number[]) => {
      const scores = candidates.map((c) => exactScore(q, b * foldedWidth, c))
      try {
        return {
          label: queries[b].label,
          weights: weightsFromScores(
            scores,
            candidates.map((c) => ids[c]),
            weightOptions,
          ),
        }
      } catch (err) {
        if (err instanceof NoPositiveAttributionError) return err
        throw err
      }
    }
    const results: (Attribution | NoPositiveAttributionError)[] = new Array(queries.length)
    let full = queries.map((_, b) => b)
    if (identity) {
      const tops = await topRowsOf(queries, depth)
      full = []
      tops.forEach(({ rows, scores }, b) => {
        if (scores.some(Number.isNaN)) full.push(b)
        else
          results[b] = weigh(
            b,
            rows.map((j) => contributionOfRow[j]),
          )
      })
    }
    if (full.length > 0) {
      const all = await contributionScores(full.map((b) => queries[b]))
      full.forEach((b, x) => {
        const candidates = selectTopK(all[x], ids, depth)
        results[b] = candidates.length > 0 ? weigh(b, candidates) : new NoPositiveAttributionError()
      })
    }
    return results
  }

  return {
    device,
    numExamples: n,
    contributionIds: ids,
    openMs,
    async scoreBatch(queries) {
      const result = queries.map(() => new Float32Array(n))
      await run(queries, (b, shard, scores, offset) => {
        const dst = result[b]
        for (let j = shard.start; j < shard.end; j++) dst[order[j]] = scores[offset + j - shard.start]
      })
      return result
    },
    contributionScores,
    exactScores,
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
      const float = floatShards ? await floatShards : []
      await Promise.all([...screeningShards, ...float].map((s) => s.session.release()))
      screeningShards = []
      floatShards = undefined
    },
  }
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

/** The TopK count input of the float32 score graph. */
function kFeed(k: number): ort.Tensor {
  return new ort.Tensor('int64', BigInt64Array.of(BigInt(k)), [1])
}
