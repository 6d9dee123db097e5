import { buildScreeningModel } from '../onnx/buildScreeningModel'
import { createSession } from '../onnx/createSession'
import type { OpenMs } from '../scoring/openFloatShards'
import type { TrainingFeatures } from '../trainingFeatures'
import type { ScreeningShard } from './createScreenedAttribution'
import { quantiseTrainingRows } from './quantiseTrainingRows'

/**
 * Quantises the training rows of every shard to int8 and opens its screening graph on the CPU
 * (the screen reads a quarter of the float32 graph's bytes). Adds the time spent to `openMs`.
 *
 * @example
 * const shards = await openScreeningShards({ tf, basis, order, bounds, openMs })
 */
export async function openScreeningShards(args: {
  tf: TrainingFeatures
  basis: readonly Float64Array[]
  order: Int32Array
  bounds: readonly { start: number; end: number }[]
  openMs: OpenMs
  intraOpNumThreads?: number
}): Promise<ScreeningShard[]> {
  const { tf, basis, order, openMs } = args
  const foldedWidth = tf.checkpoints.length * basis.length * tf.width
  const shards: ScreeningShard[] = []
  for (const { start, end } of args.bounds) {
    const t0 = performance.now()
    const rows = quantiseTrainingRows(tf, basis, order, start, end)
    const bytes = buildScreeningModel({ n: end - start, foldedWidth, gT: rows.gT })
    const t1 = performance.now()
    const { session } = await createSession(bytes, 'cpu', args)
    openMs.graphs += t1 - t0
    openMs.sessions += performance.now() - t1
    // ORT holds its own (pre-packed) copy of the codes; keep only the bound terms here.
    shards.push({ start, end, session, rows: { ...rows, gT: new Int8Array(0) } })
  }
  return shards
}
