import type { Hex } from 'viem'
import type { DerivedCache } from '../derivedCache'
import { type AttributionDevice, type ExecutionDevice, prefersCuda } from '../onnx/createSession'
import type { ScreeningShard } from '../screening/createScreenedAttribution'
import { openScreeningShards } from '../screening/openScreeningShards'
import type { TrainingFeatures } from '../trainingFeatures'
import { type FloatShard, type OpenMs, openFloatShards } from './openFloatShards'

/** The ONNX sessions of one scorer. */
export type ScorerGraphs = {
  /** The provider that runs the float32 graphs ('cpu' until they are opened on the CPU path). */
  device: ExecutionDevice
  /** The int8 screening shards; empty on the float32 path. */
  screening: readonly ScreeningShard[]
  /** The float32 shards, opened on first call on the CPU path. */
  float(): Promise<FloatShard[]>
  release(): Promise<void>
}

/**
 * Opens what a scorer scores with. On CUDA, or with `cpuScreening: false`, the float32 graphs at
 * once; otherwise the int8 screening graphs, which read a quarter of the bytes, and the float32
 * graphs only when full score vectors are first asked for (`scoreBatch`, `contributionScores`).
 *
 * @throws {ExecutionProviderUnavailableError} device 'cuda' without CUDA.
 * @example
 * const graphs = await openScorerGraphs({ tf, basis, order, bounds, openMs, device: 'auto' })
 * const shards = await graphs.float()
 */
export async function openScorerGraphs(args: {
  tf: TrainingFeatures
  basis: readonly Float64Array[]
  order: Int32Array
  bounds: readonly { start: number; end: number }[]
  openMs: OpenMs
  device: AttributionDevice
  cpuScreening?: boolean
  graphCache?: { cache: DerivedCache; key: Hex }
  intraOpNumThreads?: number
}): Promise<ScorerGraphs> {
  let device: ExecutionDevice = 'cpu'
  let float: Promise<FloatShard[]> | undefined
  let screening: ScreeningShard[] = []
  if (prefersCuda(args.device) || args.cpuScreening === false) {
    const opened = await openFloatShards(args)
    device = opened.device
    float = Promise.resolve(opened.shards)
  } else {
    screening = await openScreeningShards(args)
  }
  return {
    device,
    screening,
    float() {
      float ??= openFloatShards({ ...args, device: 'cpu' }).then((opened) => opened.shards)
      return float
    },
    async release() {
      const opened = float ? await float : []
      await Promise.all([...screening, ...opened].map((s) => s.session.release()))
      screening = []
      float = undefined
    },
  }
}
