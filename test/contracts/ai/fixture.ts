import { type Address, parseEther } from 'viem'
import type { TestChain, Wallet } from '../../setup/chain'
import {
  type AiStack,
  bondValidator,
  type Contribution,
  contribute,
  createDatanet,
  type Datanet,
  deployAiStack,
  type Model,
  registerModel,
  review,
  seal,
} from './simulate'

/** A small attribution market: two sealed datanets, a model trained on them, a bonded validator. */
export type Market = {
  stack: AiStack
  ham: Datanet
  spam: Datanet
  /** Accepted contributions in the model's training set (ham v1 then spam v1), 12 in all. */
  trained: Contribution[]
  /** Accepted in ham after version 1 was sealed: not in the training set. */
  lateAccepted: Contribution
  /** Still pending in ham. */
  pending: Contribution
  /** Accepted and sealed in a datanet the model did not train on. */
  foreign: Contribution
  model: Model
  modelOwner: Wallet
  caller: Wallet
  validator: Wallet
  /** A wallet with no role (not bonded, not an owner). */
  outsider: Wallet
}

/** Wallet indices: 0 governor, 1 model + datanet owner, 2–6 contributors, 7 caller, 8 validator, 9 outsider. */
export const CONTRIBUTOR_WALLETS = [2, 3, 4, 5, 6]

/**
 * Deploys the AI stack and builds a {@link Market} on it.
 *
 * @example
 * const market = await buildMarket(chain)
 * const inference = await requestInference(market.model, market.caller)
 */
export async function buildMarket(
  chain: TestChain,
  opts: { price?: bigint; wopen?: Address } = {},
): Promise<Market> {
  const price = opts.price ?? parseEther('1')
  const stack = await deployAiStack(chain, { wopen: opts.wopen })
  const w = chain.wallets
  const owner = w[1]
  const ham = await createDatanet(stack, owner, 'ham')
  const spam = await createDatanet(stack, owner, 'spam')
  const other = await createDatanet(stack, owner, 'legal')
  const trained: Contribution[] = []
  for (const d of [ham, spam]) {
    const batch: Contribution[] = []
    for (let i = 0; i < 6; i++) {
      batch.push(
        await contribute(d, w[CONTRIBUTOR_WALLETS[i % CONTRIBUTOR_WALLETS.length]], `${d.id}-email-${i}`),
      )
    }
    await review(batch)
    await seal(d)
    trained.push(...batch)
  }
  const foreign = await contribute(other, w[2], 'contract clause')
  await review([foreign])
  await seal(other)
  const lateAccepted = await contribute(ham, w[3], 'late ham')
  await review([lateAccepted])
  const pending = await contribute(ham, w[4], 'pending ham')

  const model = await registerModel(stack, owner, {
    price,
    trainedOn: [
      { datanet: ham, version: 1 },
      { datanet: spam, version: 1 },
    ],
  })
  await bondValidator(stack, w[8], parseEther('1'))
  return {
    stack,
    ham,
    spam,
    trained,
    lateAccepted,
    pending,
    foreign,
    model,
    modelOwner: owner,
    caller: w[7],
    validator: w[8],
    outsider: w[9],
  }
}
