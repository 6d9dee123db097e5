import type { SettledWeight } from '../oracle/createOracle'
import { inflateForAccomplice } from './dishonestWeights'

/**
 * The upstream cheat: a fine-tune's settlement where the base level (level 1) pays an accomplice's
 * contribution of the base's training set more than the base's own attribution gives it (the
 * 'inflate' move on level 1). The router accepts it (the accomplice is in that level's training
 * set); only recomputing the base's attribution of the same input catches it. The split between
 * levels is the router's, from the governed share: an oracle cannot move it.
 *
 * @example
 * createOracle({ ...options, tamperUpstream: dishonestUpstream(accomplice, (id) => cheated.add(id)) })
 */
export function dishonestUpstream(accomplice: bigint, onCheat: (inferenceId: bigint) => void = () => {}) {
  const inflate = inflateForAccomplice(accomplice)
  return (inferenceId: bigint, levels: SettledWeight[][]): SettledWeight[][] => {
    if (levels.length === 0) return levels
    onCheat(inferenceId)
    return [inflate(inferenceId, levels[0]), ...levels.slice(1)]
  }
}
