import type { Hex } from 'viem'
import { inferenceRouterAbi } from '../abi/viem'
import { argmax, type Checkpoint, forward } from '../attribution/checkpoint'
import { DEFAULT_BUCKETS, hashedBagOfWords } from '../attribution/features'
import { addressOf, call, type DemoContext, send } from './demoContext'

// Fixed limit (measured ~35k) skips a gas estimate per transaction.
const FULFIL_GAS = 100_000n

/**
 * The model owner serves inferences: runs the `served` checkpoint on each input (read from the
 * artifact store by hash), stores the answer and posts its hash to the router, one batch.
 *
 * @throws {BatchTxFailedError} when a fulfil reverts.
 * @example
 * await fulfilInferences(ctx, served, [7n, 8n], [inputHash7, inputHash8])
 */
export async function fulfilInferences(
  ctx: DemoContext,
  served: Checkpoint,
  ids: readonly bigint[],
  inputs: readonly Hex[],
): Promise<void> {
  const router = addressOf(ctx, 'InferenceRouter')
  const outputs: Hex[] = []
  for (const h of inputs) {
    const text = new TextDecoder().decode(await ctx.store.get(h))
    const { probs } = forward(served, hashedBagOfWords(text, { buckets: DEFAULT_BUCKETS }))
    const answer = { label: argmax(probs) === 1 ? 'spam' : 'ham', probs: Array.from(probs) }
    outputs.push(await ctx.store.put(new TextEncoder().encode(JSON.stringify(answer))))
  }
  await send(
    ctx,
    ids.map((id, i) => ({
      ...call(ctx.roles.modelOwner, router, inferenceRouterAbi, 'fulfil', [id, outputs[i]]),
      gas: FULFIL_GAS,
    })),
  )
}
