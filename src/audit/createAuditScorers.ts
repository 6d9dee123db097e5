import type { ArtifactStore } from '../attribution/artifactStore'
import {
  createModelScorerCache,
  type ModelScorerCache,
  type ModelScorerOptions,
} from '../attribution/modelScorer'

/**
 * The auditor's model scorers: the float32 score graph with TopK inside it, on every device.
 * Audits come in batches, where this graph is about twice as fast on CPU as the int8 screen the
 * oracle uses for single inferences (measured on the audit benchmark's 100k-contribution model),
 * and it is the same computation CUDA runs, so CPU and GPU audits round alike. One regime per
 * auditor also keeps a report re-checked offline (`audit verify`, one record) byte-identical.
 *
 * @example
 * const scorers = createAuditScorers(store, { device: config.attributionDevice })
 */
export function createAuditScorers(
  store: ArtifactStore,
  options: Omit<ModelScorerOptions, 'cpuScreening'> = {},
): ModelScorerCache {
  return createModelScorerCache(store, { ...options, cpuScreening: false })
}
