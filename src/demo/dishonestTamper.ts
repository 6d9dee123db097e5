import { createScorer, type Scorer } from '../attribution/createScorer'
import { NoPositiveAttributionError } from '../attribution/errors'
import type { ModelScorer } from '../attribution/modelScorer'
import { selectTopK } from '../attribution/weightsPpm'
import type { OracleOptions, SettledWeight, TamperContext } from '../oracle/createOracle'
import { cheat, type DishonestStrategy } from './dishonestStrategies'

/**
 * The adversarial oracle's `tamper`: applies `strategy` (see {@link cheat}) to every inference,
 * settling honestly where the cheat does not apply. The ranking it cheats with is the engine's own
 * exact scores of the best contributions; 'stale-checkpoints' attributes with a scorer built on
 * all checkpoints but the last (opened once per model version).
 *
 * @example
 * createOracle({ ...options, tamper: dishonestTamper('shave', { accomplice: 12n, outsider: 999n }) })
 */
export function dishonestTamper(
  strategy: DishonestStrategy,
  parties: {
    accomplice: bigint
    outsider: bigint
    /** An earlier version of the model (for 'stale-model'; without one that cheat never applies). */
    staleModel?: () => Promise<ModelScorer>
    onCheat?: (inferenceId: bigint) => void
  },
): NonNullable<OracleOptions['tamper']> {
  const stale = new Map<ModelScorer, Promise<Scorer>>()
  return async (inferenceId: bigint, weights: SettledWeight[], ctx: TamperContext) => {
    const { model, query, input, topK, minWeightPpm } = ctx
    const ids = model.scorer.contributionIds
    const [all] = await model.scorer.contributionScores([query])
    const nominated = selectTopK(all, ids, topK + 8).map((c) => ids[c])
    const [exact] = model.scorer.exactScores([query], [nominated])
    const ranking = nominated
      .map((id, x) => ({ contributionId: BigInt(id), score: exact[x] }))
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score || (a.contributionId < b.contributionId ? -1 : 1))
    let staleWeights: SettledWeight[] | undefined
    if (strategy === 'stale-checkpoints' && model.features.checkpoints.length > 1) {
      let s = stale.get(model)
      if (!s) {
        const f = model.features
        s = createScorer({
          trainingFeatures: { ...f, checkpoints: f.checkpoints.slice(0, -1) },
          contributionIds: model.pkg.training.map((t) => t.contributionId),
          device: 'cpu',
        })
        stale.set(model, s)
      }
      const [r] = await (await s).attributeBatch(
        [{ label: query.label, h: query.h.slice(0, -1), delta: query.delta.slice(0, -1) }],
        { topK, minWeightPpm },
      )
      if (!(r instanceof NoPositiveAttributionError))
        staleWeights = r.weights.map((w) => ({
          contributionId: BigInt(w.contributionId),
          weightPpm: w.weightPpm,
        }))
    }
    if (strategy === 'stale-model' && parties.staleModel) {
      const old = await parties.staleModel()
      const [r] = await old.scorer.attributeBatch([old.query(input)], { topK, minWeightPpm })
      if (!(r instanceof NoPositiveAttributionError))
        staleWeights = r.weights.map((w) => ({
          contributionId: BigInt(w.contributionId),
          weightPpm: w.weightPpm,
        }))
    }
    const cheated = cheat(strategy, {
      inferenceId,
      weights,
      ranking,
      topK,
      accomplice: parties.accomplice,
      outsider: parties.outsider,
      staleWeights,
    })
    if (!cheated) return weights
    parties.onCheat?.(inferenceId)
    return cheated
  }
}
