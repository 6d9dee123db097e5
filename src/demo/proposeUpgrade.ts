import type { Address, Hex } from 'viem'
import { encodeFunctionData } from 'viem'
import { inferenceRouterAbi, inferenceRouterV2Abi } from '../abi/viem'
import { loadArtifact } from '../chain/loadArtifact'
import { rpc } from '../chain/rpc'
import { repoRoot } from '../util/repoRoot'
import { addressOf, call, type DemoContext, send } from './demoContext'
import { BatchTxFailedError } from './errors'
import { passOneCallProposal } from './governance'

/** The demo's protocol upgrade: the proposal, the router's new implementation and the ratings sent through it. */
export type DemoUpgrade = { proposalId: bigint; implementation: Address; ratedInferenceIds: bigint[] }

/**
 * Members pass a proposal upgrading the InferenceRouter (behind its proxy, same address) to
 * InferenceRouterV2, which adds caller ratings; then the callers of `inferenceIds` rate their
 * outputs (score 1–5, from the id) through the upgraded router, so the indexer sees the V2 event
 * from the upgrade block on and the upgrade linked to its proposal.
 *
 * @throws {BatchTxFailedError} when the implementation's deployment or a step of the proposal reverts.
 * @example
 * const upgrade = await proposeUpgrade(ctx, result.inferenceIds.slice(0, 5))
 */
export async function proposeUpgrade(
  ctx: DemoContext,
  inferenceIds: readonly bigint[],
): Promise<DemoUpgrade> {
  const router = addressOf(ctx, 'InferenceRouter')
  const implementation = await deployImplementation(ctx, 'InferenceRouterV2')
  const proposalId = await passOneCallProposal(
    ctx,
    router,
    encodeFunctionData({
      abi: inferenceRouterAbi,
      functionName: 'upgradeToAndCall',
      args: [implementation, '0x'],
    }),
    'Upgrade the inference router to V2: callers rate the outputs of their inferences',
  )
  const rated: bigint[] = []
  const txs = []
  for (const id of inferenceIds) {
    const inf = await ctx.publicClient.readContract({
      address: router,
      abi: inferenceRouterAbi,
      functionName: 'inferenceOf',
      args: [id],
    })
    // Fulfilled (2) or settled (3): only an output can be rated.
    if (inf.status !== 2 && inf.status !== 3) continue
    rated.push(id)
    txs.push(call(inf.caller, router, inferenceRouterV2Abi, 'rateInference', [id, Number(1n + (id % 5n))]))
  }
  await send(ctx, txs)
  ctx.progress.log(
    `router upgraded to ${implementation} by proposal ${proposalId}; ${rated.length} inferences rated`,
  )
  return { proposalId, implementation, ratedInferenceIds: rated }
}

/** Deploys an implementation contract from the deployer (its constructor takes no argument). */
async function deployImplementation(ctx: DemoContext, name: string): Promise<Address> {
  const { bytecode } = loadArtifact(repoRoot(), name)
  const hash = await rpc<Hex>(ctx.rpcUrl, 'eth_sendTransaction', [
    { from: ctx.roles.deployer, data: bytecode },
  ])
  const receipt = await ctx.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })
  if (receipt.status !== 'success' || !receipt.contractAddress)
    throw new BatchTxFailedError(`deploy ${name}`, hash)
  return receipt.contractAddress
}
