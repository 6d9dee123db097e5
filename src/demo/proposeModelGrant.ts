import { encodeFunctionData } from 'viem'
import { modelFundAbi } from '../abi/viem'
import { addressOf, type DemoContext } from './demoContext'
import { passOneCallProposal } from './governance'
import { DEMO_AMOUNTS } from './staking'

/**
 * Members pass a proposal granting the demo model 10,000 OPEN from ModelFund: the first
 * governance cycle of the demo, so the indexer sees a proposal that moves treasury funds.
 *
 * @throws {BatchTxFailedError} when a step of the proposal reverts.
 * @example
 * const proposalId = await proposeModelGrant(ctx, model.id)
 */
export async function proposeModelGrant(ctx: DemoContext, modelId: bigint): Promise<bigint> {
  return passOneCallProposal(
    ctx,
    addressOf(ctx, 'ModelFund'),
    encodeFunctionData({
      abi: modelFundAbi,
      functionName: 'fundModel',
      args: [modelId, DEMO_AMOUNTS.grant, 'Grant: SpamGuard keeps inboxes clean'],
    }),
    `Fund model ${modelId} (SpamGuard) with 10,000 OPEN from the model fund`,
  )
}
