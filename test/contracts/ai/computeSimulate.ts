import { type Address, keccak256, parseEther, parseEventLogs, type TransactionReceipt, toHex } from 'viem'
import { computeMarketAbi } from '../../../src/abi/viem'
import type { Wallet } from '../../setup/chain'
import { type AiStack, inferenceRouterAbi, type Model, read, write } from './simulate'

export { computeMarketAbi }

/** A ComputeMarket deployed on an {@link AiStack} and made the router's compute market. */
export type Compute = { stack: AiStack; market: Address }

export type ComputeParams = {
  /** @default 1 OPEN */
  minBond?: bigint
  /** @default 5 */
  deadlineBlocks?: bigint
  /** @default 0.4 OPEN */
  slashAmount?: bigint
  /** @default 10 */
  unbondingDelayBlocks?: bigint
}

/** A compute request as the market recorded it. */
export type ComputeRequest = {
  compute: Compute
  id: bigint
  model: Model
  payer: Wallet
  provider: Address
  fee: bigint
  deadlineBlock: bigint
  slashAmount: bigint
}

/**
 * Deploys ComputeMarket owned by the stack's governance stand-in (treasury: the stack's), and has
 * governance set it as the router's compute market.
 *
 * @example
 * const compute = await deployComputeMarket(stack, { deadlineBlocks: 3n })
 */
export async function deployComputeMarket(stack: AiStack, p: ComputeParams = {}): Promise<Compute> {
  const market = await stack.chain.deploy('ComputeMarket', [
    stack.governor.account.address,
    stack.models,
    stack.router,
    stack.treasury,
    p.unbondingDelayBlocks ?? 10n,
    p.minBond ?? parseEther('1'),
    p.deadlineBlocks ?? 5n,
    p.slashAmount ?? parseEther('0.4'),
  ])
  await write(stack.chain, stack.governor, {
    address: stack.router,
    abi: inferenceRouterAbi,
    functionName: 'setComputeMarket',
    args: [market],
  })
  return { stack, market }
}

/** Calls `functionName` on the market from `from`. */
export const marketCall = (
  c: Compute,
  from: Wallet,
  functionName: string,
  args: readonly unknown[] = [],
  value?: bigint,
) => write(c.stack.chain, from, { address: c.market, abi: computeMarketAbi, functionName, args, value })

/** Reads a view of the market. */
export const marketRead = <T>(c: Compute, functionName: string, args: readonly unknown[] = []) =>
  read<T>(c.stack.chain, { address: c.market, abi: computeMarketAbi, functionName, args })

/** Bonds `amount` for `model` as `provider`. */
export const bondProvider = (c: Compute, provider: Wallet, model: Model, amount = parseEther('1')) =>
  marketCall(c, provider, 'bond', [model.id], amount)

/** `payer` pays the model's price for an inference by `provider`. */
export async function requestCompute(
  c: Compute,
  model: Model,
  payer: Wallet,
  provider: Address,
  input = 'mail',
  fee = model.price,
): Promise<ComputeRequest> {
  const { receipt } = await marketCall(
    c,
    payer,
    'request',
    [model.id, keccak256(toHex(input)), provider],
    fee,
  )
  const [e] = events(receipt, 'ComputeRequested') as {
    requestId: bigint
    fee: bigint
    deadlineBlock: bigint
    slashAmount: bigint
  }[]
  return {
    compute: c,
    id: e.requestId,
    model,
    payer,
    provider,
    fee: e.fee,
    deadlineBlock: e.deadlineBlock,
    slashAmount: e.slashAmount,
  }
}

/** The provider fulfils; returns the router's inference id. */
export async function fulfilCompute(r: ComputeRequest, provider: Wallet, output = 'spam', topUp?: bigint) {
  const { result, receipt } = await marketCall(
    r.compute,
    provider,
    'fulfil',
    [r.id, keccak256(toHex(output))],
    topUp,
  )
  return { inferenceId: result as bigint, receipt }
}

/** Mines until the head is past the request's deadline (eth_call runs at the head's number). */
export async function minePastDeadline(r: ComputeRequest) {
  const chain = r.compute.stack.chain
  const now = await chain.publicClient.getBlockNumber()
  if (now <= r.deadlineBlock) await chain.mine(Number(r.deadlineBlock - now) + 1)
}

/** Mines past the request's deadline, then `by` claims it missed; returns the ComputeMissed event. */
export async function missCompute(r: ComputeRequest, by: Wallet) {
  await minePastDeadline(r)
  const { receipt } = await marketCall(r.compute, by, 'claimMissed', [r.id])
  const [missed] = events(receipt, 'ComputeMissed') as { refund: bigint; slashed: bigint }[]
  return { receipt, missed }
}

/** Decoded args of the market's `eventName` logs in a receipt. */
export const events = (receipt: TransactionReceipt, eventName: string) =>
  parseEventLogs({ abi: computeMarketAbi, logs: receipt.logs, eventName: eventName as never }).map(
    (l) => (l as unknown as { args: unknown }).args,
  )

/** A provider's position for one model. */
export const positionOf = (c: Compute, provider: Address, model: Model) =>
  marketRead<{
    bonded: bigint
    unbonding: bigint
    unbondingAvailableAt: bigint
    openRequests: bigint
    capacity: bigint
  }>(c, 'positionOf', [provider, model.id])
