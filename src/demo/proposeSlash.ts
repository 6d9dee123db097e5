import { encodeFunctionData, type Hex } from 'viem'
import { attributionValidatorsAbi } from '../abi/viem'
import type { OracleSettlement } from '../oracle/createOracle'
import { addressOf, type DemoContext } from './demoContext'
import type { DishonestStrategy } from './dishonestStrategies'
import { passOneCallProposal } from './governance'
import { DEMO_AMOUNTS } from './staking'

/**
 * Stores the evidence against the dishonest validator (its tampered settlements and the weights it
 * paid) in the artifact store, and has members pass a proposal slashing half its bond that cites
 * the evidence's hash, so anyone can check what the slash was for.
 *
 * @throws {BatchTxFailedError} when a step of the proposal reverts.
 * @example
 * const { slash, evidenceHash } = await proposeSlash(ctx, settlements.filter((s) => !s.honest), 'inflate')
 */
export async function proposeSlash(
  ctx: DemoContext,
  tampered: readonly OracleSettlement[],
  strategy: DishonestStrategy,
): Promise<{ slash: bigint; evidenceHash: Hex }> {
  const { dishonestValidator } = ctx.roles
  const evidence = {
    kind: 'openledger-slash-evidence/1',
    validator: dishonestValidator,
    inferences: tampered.map((s) => ({
      inferenceId: s.inferenceId.toString(),
      settled: s.weights.map((w) => [w.contributionId.toString(), w.weightPpm]),
    })),
  }
  const evidenceHash = await ctx.store.put(new TextEncoder().encode(JSON.stringify(evidence)))
  const slash = await passOneCallProposal(
    ctx,
    addressOf(ctx, 'AttributionValidators'),
    encodeFunctionData({
      abi: attributionValidatorsAbi,
      functionName: 'slash',
      args: [dishonestValidator, DEMO_AMOUNTS.validatorBond / 2n, evidenceHash],
    }),
    `Slash validator ${dishonestValidator} for ${tampered.length} settlements cheating (${strategy}; evidence ${evidenceHash})`,
  )
  return { slash, evidenceHash }
}
