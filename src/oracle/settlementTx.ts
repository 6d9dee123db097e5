import { type Address, encodeFunctionData } from 'viem'
import { inferenceRouterAbi } from '../abi/viem'
import type { OracleSettlement, OracleTx } from './oracleTypes'

/**
 * The `settle` transaction of one settlement from `validator` (`settleWithLineage` when it has
 * base levels), labelled with the inference so a revert names it.
 *
 * @example
 * await send([settlementTx(validator, router.address, { inferenceId: 7n, modelId: 1n, weights })])
 */
export function settlementTx(validator: Address, router: Address, s: OracleSettlement): OracleTx {
  if (s.upstream?.length) {
    const levels = [s.weights, ...s.upstream]
    return {
      from: validator,
      to: router,
      label: `settle inference ${s.inferenceId} with ${levels.length} lineage levels`,
      data: encodeFunctionData({
        abi: inferenceRouterAbi,
        functionName: 'settleWithLineage',
        args: [
          s.inferenceId,
          levels.map((l) => l.map((w) => w.contributionId)),
          levels.map((l) => l.map((w) => w.weightPpm)),
        ],
      }),
    }
  }
  return {
    from: validator,
    to: router,
    label: `settle inference ${s.inferenceId}`,
    data: encodeFunctionData({
      abi: inferenceRouterAbi,
      functionName: 'settle',
      args: [s.inferenceId, s.weights.map((w) => w.contributionId), s.weights.map((w) => w.weightPpm)],
    }),
  }
}
