/**
 * The attribution scorer: TracIn-CP restricted to the last layer, cosine-normalised, run as an
 * ONNX graph over a batch of inferences, then aggregated per contribution and turned into ppm
 * weights. Serves both the oracle (one inference) and the auditor (many per run). The pieces it
 * wires live in `scoring/` (float32 graphs, exact rescoring) and `screening/` (the CPU int8 screen).
 */
import type { Hex } from 'viem'
import type { DerivedCache } from './derivedCache'
import { AttributionInputError, NoPositiveAttributionError } from './errors'
import { foldedQueries } from './foldedGradients'
import type { InferenceQuery } from './inferenceQuery'
import { sumZeroBasis } from './onnx/buildScoreModel'
import type { AttributionDevice, ExecutionDevice } from './onnx/createSession'
import { attributeByFloatGraph } from './scoring/attributeByFloatGraph'
import { contributionLayout } from './scoring/contributionLayout'
import { exactContributionScore } from './scoring/exactContributionScore'
import { forEachScoreBlock } from './scoring/forEachScoreBlock'
import type { OpenMs } from './scoring/openFloatShards'
import { openScorerGraphs } from './scoring/openScorerGraphs'
import { shardBounds } from './scoring/shardBounds'
import { topRowsOfShards } from './scoring/topRowsOfShards'
import { createScreenedAttribution } from './screening/createScreenedAttribution'
import { selfInfluence } from './selfInfluence'
import type { TrainingFeatures } from './trainingFeatures'
import type { ContributionWeight, compareContributionIds, WeightOptions } from './weightsPpm'

export { EXACT_CANDIDATES_BEYOND_K } from './scoring/attributeByFloatGraph'

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
  readonly openMs: OpenMs
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

  const layout = contributionLayout(rawIds)
  const { ids, indexOf, contributionOfExample, order, contributionOfRow, rowStart } = layout
  const basis = sumZeroBasis(numClasses)
  const foldedWidth = K * basis.length * width
  const maxBatch = options.maxBatch ?? 256
  const bounds = shardBounds(n, options.maxExamplesPerShard ?? 200_000)
  const graph = { tf, basis, maxBatch }
  const openMs = { graphs: 0, sessions: 0 }
  const graphs = await openScorerGraphs({
    tf,
    basis,
    order,
    bounds,
    openMs,
    device: options.device ?? 'auto',
    cpuScreening: options.cpuScreening,
    graphCache: options.graphCache,
    intraOpNumThreads: options.intraOpNumThreads,
  })
  const { device } = graphs
  const scoreShards = () => graphs.float()
  const screened =
    device === 'cpu' && graphs.screening.length > 0
      ? createScreenedAttribution({
          tf,
          basis,
          order,
          rowStart,
          contributionOfRow,
          ids,
          shards: graphs.screening,
          maxBatch: Math.max(1, Math.floor(maxBatch / 2)),
        })
      : undefined

  const contributionScores = async (queries: readonly InferenceQuery[]): Promise<Float64Array[]> => {
    const result = queries.map(() => new Float64Array(ids.length))
    await forEachScoreBlock(await scoreShards(), queries, graph, (b, shard, scores, offset) => {
      const agg = result[b]
      for (let j = shard.start; j < shard.end; j++)
        agg[contributionOfRow[j]] += scores[offset + j - shard.start]
    })
    return result
  }

  const exactScores = (
    queries: readonly InferenceQuery[],
    wanted: readonly (readonly string[])[],
  ): Float64Array[] => {
    const q = foldedQueries(queries, tf, basis)
    return queries.map((_, b) =>
      Float64Array.from(wanted[b], (id) => {
        const c = indexOf.get(id)
        return c === undefined ? Number.NaN : exactContributionScore(tf, basis, layout, q, b * foldedWidth, c)
      }),
    )
  }

  const attributeBatch = async (queries: readonly InferenceQuery[], weightOptions: WeightOptions) =>
    screened
      ? screened(queries, weightOptions)
      : attributeByFloatGraph(queries, weightOptions, {
          tf,
          basis,
          layout,
          topRows: async (qs, k) => topRowsOfShards(await scoreShards(), qs, k, graph),
          contributionScores,
        })

  return {
    device,
    numExamples: n,
    contributionIds: ids,
    openMs,
    async scoreBatch(queries) {
      const result = queries.map(() => new Float32Array(n))
      await forEachScoreBlock(await scoreShards(), queries, graph, (b, shard, scores, offset) => {
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
    release: () => graphs.release(),
  }
}
