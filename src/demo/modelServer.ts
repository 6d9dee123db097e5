import type { Hex } from 'viem'
import { argmax, forward } from '../attribution/checkpoint'
import { DEFAULT_BUCKETS, hashedBagOfWords } from '../attribution/features'
import { loadModelPackage } from '../attribution/modelPackage'
import type { DemoContext } from './demoContext'
import type { DemoModel } from './trainModel'

/** Answers an input (by its artifact hash) with the output's artifact hash. */
export type ModelServer = (inputHash: Hex) => Promise<Hex>

/**
 * Serves the demo model as whoever fulfils an inference does: reads the input email from the
 * artifact store, classifies it with the model's last checkpoint, stores the answer (label and
 * probabilities) and returns its hash, which the oracles read back to attribute it.
 *
 * @example
 * const serve = await modelServer(ctx, model)
 * const outputHash = await serve(inputHash)
 */
export async function modelServer(ctx: DemoContext, model: DemoModel): Promise<ModelServer> {
  const { checkpoints } = await loadModelPackage(ctx.store, model.artifactHash)
  const served = checkpoints[checkpoints.length - 1]
  return async (inputHash) => {
    const text = new TextDecoder().decode(await ctx.store.get(inputHash))
    const { probs } = forward(served, hashedBagOfWords(text, { buckets: DEFAULT_BUCKETS }))
    const answer = { label: argmax(probs) === 1 ? 'spam' : 'ham', probs: Array.from(probs) }
    return ctx.store.put(new TextEncoder().encode(JSON.stringify(answer)))
  }
}
