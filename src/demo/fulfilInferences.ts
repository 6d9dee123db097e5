import type { Hex } from 'viem'
import { inferenceRouterAbi } from '../abi/viem'
import { addressOf, call, type DemoContext, send } from './demoContext'
import type { ModelServer } from './modelServer'

// Fixed limit (measured ~35k) skips a gas estimate per transaction.
const FULFIL_GAS = 100_000n

/**
 * The model owner serves inferences: answers each input with `serve` (see {@link modelServer})
 * and posts the answers' hashes to the router, one batch.
 *
 * @throws {BatchTxFailedError} when a fulfil reverts.
 * @example
 * await fulfilInferences(ctx, await modelServer(ctx, model), [7n, 8n], [inputHash7, inputHash8])
 */
export async function fulfilInferences(
  ctx: DemoContext,
  serve: ModelServer,
  ids: readonly bigint[],
  inputs: readonly Hex[],
): Promise<void> {
  const router = addressOf(ctx, 'InferenceRouter')
  const outputs: Hex[] = []
  for (const h of inputs) outputs.push(await serve(h))
  await send(
    ctx,
    ids.map((id, i) => ({
      ...call(ctx.roles.modelOwner, router, inferenceRouterAbi, 'fulfil', [id, outputs[i]]),
      gas: FULFIL_GAS,
    })),
  )
}
