/**
 * Self-influence, the data-quality signal: how much an example's own gradient dominates training.
 */
import type { TrainingFeatures } from './trainingFeatures'

/**
 * Σ_k eta_k |g_i|² with |g_i| = |delta_i| |h_i| (unnormalised, unlike the payout score): mislabelled
 * examples keep a large loss gradient and rank first.
 *
 * @example
 * const si = selfInfluence(features) // Float64Array(n)
 */
export function selfInfluence(features: TrainingFeatures): Float64Array {
  const out = new Float64Array(features.n)
  for (const ck of features.checkpoints)
    for (let i = 0; i < features.n; i++) {
      const g = ck.hNorm[i] * ck.deltaNorm[i]
      out[i] += ck.learningRate * g * g
    }
  return out
}
