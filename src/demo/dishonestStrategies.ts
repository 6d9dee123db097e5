/**
 * The demo's adversarial oracle: ways a bonded validator may cheat on a settlement (DESIGN.md §6),
 * each turning the honest attribution into the one it settles. Used by `demo --dishonest` and the
 * dishonest-oracle tests; every one must come out MISMATCH (or be rejected by the contract).
 */
import { largestRemainderPpm } from '../attribution/weightsPpm'
import type { SettledWeight } from '../oracle/createOracle'
import { inflateForAccomplice } from './dishonestWeights'

const PPM = 1_000_000

/** The cheats an adversarial oracle can try. */
export const DISHONEST_STRATEGIES = [
  /** Inflates an accomplice's weight by half the top weight (the demo's original cheat). */
  'inflate',
  /** Gives the k-th place to the (k+1)-th contribution (an accomplice) when the two score within the old 1,000 ppm tolerance. */
  'swap-kth',
  /** Gives the last two places to the next two contributions when that stays within the old tolerance. */
  'multi-swap',
  /** Drops the k-th contribution and renormalises the rest by their scores. */
  'drop-slot',
  /** Pays a contribution outside the sealed versions the model trains on. */
  'outside-version',
  /** Lists the top contribution twice. */
  'pay-twice',
  /** Moves 1..1,000 ppm from the top contribution to the last one (an accomplice). */
  'shave',
  /** Attributes with an attribution policy not in force (top-k halved). */
  'stale-policy',
  /** Attributes with the model's checkpoints before the last one (stale checkpoints). */
  'stale-checkpoints',
  /** Attributes with an earlier published version of the model than the one the inference asked for. */
  'stale-model',
] as const

export type DishonestStrategy = (typeof DISHONEST_STRATEGIES)[number]

/** What a strategy sees of one inference. */
export type DishonestInput = {
  inferenceId: bigint
  /** The honest attribution, best first. */
  weights: SettledWeight[]
  /** Best-scoring contributions, best first (at least topK + 2 when there are that many), positive scores. */
  ranking: { contributionId: bigint; score: number }[]
  topK: number
  /** A contribution of the training set's contributor the oracle favours (for 'inflate'). */
  accomplice: bigint
  /** An accepted contribution outside the sealed versions (for 'outside-version'). */
  outsider: bigint
  /** The honest attribution of the stale checkpoints or model version (for 'stale-checkpoints', 'stale-model'). */
  staleWeights?: SettledWeight[]
}

/** Old auditor tolerance the boundary-tie cheats were built to pass (1,000 ppm of the score sum). */
export const OLD_TOLERANCE_PPM = 1000

/**
 * Applies `strategy` to one inference. Returns undefined where the cheat does not apply to it (no
 * score within the old tolerance at the k-th place, too few recipients): the oracle then settles
 * honestly, as a careful cheat would.
 *
 * @example
 * cheat('shave', { inferenceId: 3n, weights, ranking, topK: 10, accomplice: 7n, outsider: 999n })
 */
export function cheat(strategy: DishonestStrategy, input: DishonestInput): SettledWeight[] | undefined {
  const { weights, ranking, topK } = input
  const k = weights.length
  const byScore = (picked: { contributionId: bigint; score: number }[]) => {
    // The engine's own rounding: the best a cheat can do to look like a recomputation.
    const ppm = largestRemainderPpm(
      picked.map((p) => p.score),
      picked.map((p) => p.contributionId.toString()),
    )
    return picked.map((p, i) => ({ contributionId: p.contributionId, weightPpm: ppm[i] }))
  }
  const sum = (picked: { score: number }[]) => picked.reduce((s, p) => s + p.score, 0)
  switch (strategy) {
    case 'inflate':
      return inflateForAccomplice(input.accomplice)(input.inferenceId, weights)
    case 'swap-kth': {
      if (k < 2 || k !== topK || ranking.length <= k) return undefined
      const picked = [...ranking.slice(0, k - 1), ranking[k]]
      const gapPpm = ((ranking[k - 1].score - ranking[k].score) / sum(picked)) * PPM
      return gapPpm <= OLD_TOLERANCE_PPM ? byScore(picked) : undefined
    }
    case 'multi-swap': {
      if (k < 3 || k !== topK || ranking.length <= k + 1) return undefined
      const picked = [...ranking.slice(0, k - 2), ranking[k], ranking[k + 1]]
      const gapPpm = ((ranking[k - 2].score - ranking[k + 1].score) / sum(picked)) * PPM
      return gapPpm <= OLD_TOLERANCE_PPM ? byScore(picked) : undefined
    }
    case 'drop-slot':
      return k < 2 ? undefined : byScore(ranking.slice(0, k - 1))
    case 'stale-policy':
      return k < 2 ? undefined : byScore(ranking.slice(0, Math.max(1, Math.floor(topK / 2))))
    case 'outside-version': {
      // Sum and length stay valid, so only the membership check can refuse it.
      const out = weights.map((w) => ({ ...w }))
      if (k < topK) {
        out[0].weightPpm -= 1
        return [...out, { contributionId: input.outsider, weightPpm: 1 }]
      }
      out[k - 1].contributionId = input.outsider
      return out
    }
    case 'pay-twice': {
      if (weights[0].weightPpm < 2 || (k === topK && k < 2)) return undefined
      const out = weights.map((w) => ({ ...w }))
      const half = Math.floor(out[0].weightPpm / 2)
      if (k === topK) {
        // Make room: the last one's weight goes to the first.
        out[0].weightPpm += out.pop()?.weightPpm ?? 0
      }
      out[0].weightPpm -= half
      return [...out, { contributionId: out[0].contributionId, weightPpm: half }]
    }
    case 'shave': {
      if (k < 2) return undefined
      // 1..1,000 ppm, deterministic per inference.
      const moved = Number(input.inferenceId % 1000n) + 1
      if (weights[0].weightPpm <= moved) return undefined
      const out = weights.map((w) => ({ ...w }))
      out[0].weightPpm -= moved
      out[k - 1].weightPpm += moved
      return out
    }
    case 'stale-checkpoints':
    case 'stale-model': {
      const stale = input.staleWeights
      const same =
        stale?.length === k &&
        stale.every(
          (w, i) => w.contributionId === weights[i].contributionId && w.weightPpm === weights[i].weightPpm,
        )
      return same ? undefined : stale
    }
  }
}
