import { encodeFunctionData } from 'viem'
import { policyRegistryAbi } from '../abi/viem'
import { addressOf, type DemoContext } from './demoContext'
import { passOneCallProposal } from './governance'

/** The fee policy the second proposal puts in force (bps): more to the model owner, less to stakers. */
export const DEMO_NEW_FEE_POLICY = [1000, 2500, 1500, 5000] as const

/**
 * Members pass a proposal putting {@link DEMO_NEW_FEE_POLICY} in force, so settlements before and
 * after it pay by different policies and the auditor must pick the one in force at each.
 *
 * @throws {BatchTxFailedError} when a step of the proposal reverts.
 * @example
 * const proposalId = await proposeFeePolicy(ctx)
 */
export async function proposeFeePolicy(ctx: DemoContext): Promise<bigint> {
  return passOneCallProposal(
    ctx,
    addressOf(ctx, 'PolicyRegistry'),
    encodeFunctionData({
      abi: policyRegistryAbi,
      functionName: 'setFeePolicy',
      args: [...DEMO_NEW_FEE_POLICY],
    }),
    'Fee policy: 10% protocol, 25% model owner, 15% stakers, 50% contributors',
  )
}
