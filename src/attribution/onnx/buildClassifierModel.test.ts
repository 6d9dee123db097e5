import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { forward } from '../checkpoint'
import { densify, hashedBagOfWords } from '../features'
import { trainClassifier } from '../trainClassifier'
import { buildClassifierModel } from './buildClassifierModel'
import { createSession } from './createSession'

describe('buildClassifierModel', () => {
  it('reproduces the TypeScript forward pass in onnxruntime (logits, probs, h with bias 1)', async () => {
    const texts = [
      'buy cheap meds now',
      'hello bob, meeting at noon',
      'free money click here',
      'report attached',
    ]
    const xs = texts.map((t) => hashedBagOfWords(t, { buckets: 1024 }))
    const checkpoints = trainClassifier(xs, [1, 0, 1, 0], { inputDim: 1024, hiddenDim: 32, checkpoints: 2 })
    for (const ck of checkpoints) {
      const { session } = await createSession(buildClassifierModel(ck), 'cpu')
      const out = await session.run({
        features: new ort.Tensor('float32', densify(xs, 1024), [xs.length, 1024]),
      })
      expect(out.h.dims).toEqual([xs.length, 33])
      xs.forEach((x, b) => {
        const ref = forward(ck, x)
        for (let u = 0; u < 33; u++) expect(out.h.data[b * 33 + u]).toBeCloseTo(ref.h[u], 5)
        for (let c = 0; c < 2; c++) {
          expect(out.logits.data[b * 2 + c]).toBeCloseTo(ref.logits[c], 5)
          expect(out.probs.data[b * 2 + c]).toBeCloseTo(ref.probs[c], 5)
        }
      })
      await session.release()
    }
  })
})
