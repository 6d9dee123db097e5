import { BaseError, decodeErrorResult, type Hex, type PublicClient } from 'viem'
import { inferenceRouterAbi } from '../abi/viem'
import type { BatchTx } from './txBatch'

/**
 * The router's custom error of a reverting transaction, e.g. `DuplicateContribution(12)`, found by
 * replaying it as a call (a mined receipt carries no revert data). Undefined when the call now
 * succeeds or its error is not the router's.
 *
 * @example
 * const reason = await revertReason(ctx.publicClient, tx) // 'DuplicateContribution(12)'
 */
export async function revertReason(publicClient: PublicClient, tx: BatchTx): Promise<string | undefined> {
  try {
    await publicClient.call({ account: tx.from, to: tx.to, data: tx.data })
    return undefined
  } catch (err) {
    const raw =
      err instanceof BaseError
        ? err.walk((e) => typeof (e as { data?: unknown }).data === 'string')
        : undefined
    const data = (raw as { data?: Hex } | undefined)?.data
    if (!data) return undefined
    try {
      const { errorName, args } = decodeErrorResult({ abi: inferenceRouterAbi, data })
      return `${errorName}(${(args ?? []).map(String).join(', ')})`
    } catch {
      return undefined
    }
  }
}
