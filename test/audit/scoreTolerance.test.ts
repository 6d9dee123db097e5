import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Scorer } from '../../src/attribution/createScorer'
import { NoPositiveAttributionError } from '../../src/attribution/errors'
import { SCORE_TIE_TOLERANCE } from '../../src/audit/scoreTolerance'
import { scores as plainScores, trainingLayers } from '../attribution/independentTracin'
import { buildRealCorpusModel, openRegimeScorers, type RealCorpusModel } from '../attribution/realCorpusModel'

const TOP_K = 10
/** The tolerance must stay at least this far above every measured disagreement. */
const SAFETY = 10

/**
 * The measurement behind {@link SCORE_TIE_TOLERANCE} (src/audit/README.md), at a size that runs
 * in seconds: the scores of the numeric regimes the product runs, on the real corpus, against the
 * float64 exact scores. Fails if any regime drifts to within a factor 10 of the tolerance.
 */
describe('score tolerance vs the measured disagreement of the numeric regimes (real corpus)', () => {
  let m: RealCorpusModel
  let screened: Scorer
  let graph: Scorer

  beforeAll(async () => {
    m = buildRealCorpusModel({ emails: 1200, seed: 11 })
    ;({ screened, graph } = await openRegimeScorers(m))
  }, 240_000)
  afterAll(async () => {
    await screened?.release()
    await graph?.release()
  })

  it('keeps every regime a factor 10 below the tie tolerance', async () => {
    const all = m.queries.map(() => m.ids)
    const exact = graph.exactScores(m.queries, all)
    const float32 = await graph.contributionScores(m.queries)
    const fromScreen = await screened.attributeBatch(m.queries, { topK: TOP_K })
    const training = trainingLayers(m.checkpoints, m.trainX, m.trainLabels)
    /** Largest |regime − exact| relative to the exact score, over each query's top k + 1. */
    const worst = { float32: 0, screen: 0, independent: 0 }
    m.queries.forEach((_, q) => {
      const top = Array.from(exact[q].keys())
        .filter((c) => exact[q][c] > 0)
        .sort((a, b) => exact[q][b] - exact[q][a])
        .slice(0, TOP_K + 1)
      const plain = plainScores(m.checkpoints, training, m.heldOutX[q])
      for (const c of top) {
        const rel = (s: number) => Math.abs(s - exact[q][c]) / exact[q][c]
        worst.float32 = Math.max(worst.float32, rel(float32[q][c]))
        worst.independent = Math.max(worst.independent, rel(plain[c]))
      }
      const r = fromScreen[q]
      if (!(r instanceof NoPositiveAttributionError))
        for (const w of r.weights) {
          const c = Number(w.contributionId) - 1
          worst.screen = Math.max(worst.screen, Math.abs(w.score - exact[q][c]) / exact[q][c])
        }
    })
    console.log(
      `relative score disagreement vs float64 exact over ${m.queries.length} queries × top ${TOP_K + 1} (${m.ids.length} contributions): float32 graph ${worst.float32.toExponential(2)}, int8 screen + exact rescoring ${worst.screen.toExponential(2)}, independent float64 ${worst.independent.toExponential(2)}; tolerance ${SCORE_TIE_TOLERANCE}`,
    )
    expect(worst.float32).toBeGreaterThan(0)
    for (const measured of Object.values(worst)) expect(measured * SAFETY).toBeLessThan(SCORE_TIE_TOLERANCE)
  })
})
