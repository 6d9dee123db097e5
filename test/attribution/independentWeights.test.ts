import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Scorer } from '../../src/attribution/createScorer'
import { NoPositiveAttributionError } from '../../src/attribution/errors'
import { type PlainTraining, scores, trainingLayers, weights } from './independentTracin'
import { buildRealCorpusModel, openRegimeScorers, type RealCorpusModel } from './realCorpusModel'

const TOP_K = 10

/**
 * Reproducibility (issue 14, item 5): the settled weights are a function of the documented formula
 * alone. An independent float64 implementation (independentTracin.ts, no engine code) gets the
 * same ppm, to the unit, as the oracle's int8-screen path and the auditor's float32-graph path.
 */
describe('weights reproduced by an independent float64 implementation (real corpus, real onnxruntime)', () => {
  let m: RealCorpusModel
  let training: PlainTraining
  let screened: Scorer
  let graph: Scorer

  beforeAll(async () => {
    m = buildRealCorpusModel({ emails: 1200, seed: 7 })
    training = trainingLayers(m.checkpoints, m.trainX, m.trainLabels)
    ;({ screened, graph } = await openRegimeScorers(m))
  }, 240_000)
  afterAll(async () => {
    await screened?.release()
    await graph?.release()
  })

  it('gets identical top-k and ppm on every held-out inference, and scores within 1e-12', async () => {
    const [fromScreen, fromGraph] = await Promise.all([
      screened.attributeBatch(m.queries, { topK: TOP_K }),
      graph.attributeBatch(m.queries, { topK: TOP_K }),
    ])
    let compared = 0
    let worstRelative = 0
    m.heldOutX.forEach((x, q) => {
      const plain = weights(scores(m.checkpoints, training, x), m.ids, TOP_K)
      const a = fromScreen[q]
      const b = fromGraph[q]
      if (plain.length === 0) {
        expect(a).toBeInstanceOf(NoPositiveAttributionError)
        return
      }
      if (a instanceof NoPositiveAttributionError || b instanceof NoPositiveAttributionError)
        throw new Error(`query ${q}: the engine found no positive attribution`)
      const ppm = (ws: { contributionId: string; weightPpm: number }[]) =>
        ws.map((w) => [w.contributionId, w.weightPpm])
      expect(ppm(a.weights), `query ${q}, int8 screen`).toEqual(ppm(plain))
      expect(ppm(b.weights), `query ${q}, float32 graph`).toEqual(ppm(plain))
      a.weights.forEach((w, i) => {
        worstRelative = Math.max(worstRelative, Math.abs(w.score - plain[i].score) / plain[i].score)
      })
      compared++
    })
    expect(compared).toBeGreaterThan(100)
    expect(worstRelative).toBeLessThan(1e-12)
  })
})
