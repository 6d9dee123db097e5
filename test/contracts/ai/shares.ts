import { type Address, erc20Abi, getAddress, parseEventLogs } from 'viem'
import {
  modelSharesAbi,
  modelShareTokenAbi,
  shareAmmFactoryAbi,
  shareAmmPairAbi,
} from '../../../src/abi/viem'
import { amountOut } from '../../../src/demo/runShareMarket'
import type { TestChain, Wallet } from '../../setup/chain'
import type { AiStack, Model } from './simulate'
import { modelRegistryAbi, read, write } from './simulate'

export { amountOut, modelSharesAbi, modelShareTokenAbi, shareAmmFactoryAbi, shareAmmPairAbi }

/** 2^128, the share token's dividend magnification. */
export const MAGNITUDE = 2n ** 128n

/** A pool's two tokens (sorted) and its pair address. */
export type Pool = { chain: TestChain; pair: Address; token0: Address; token1: Address }

/** Deploys ModelShares (the share-token factory) over a stack's registry and router. */
export async function deployModelShares(stack: AiStack): Promise<Address> {
  return stack.chain.deploy('ModelShares', [stack.models, stack.router])
}

/** The model's owner approves the factory and tokenizes the model; returns the share token. */
export async function tokenize(
  factory: Address,
  model: Model,
  opts: { name?: string; symbol?: string; supply: bigint },
): Promise<Address> {
  const { chain } = model.stack
  await write(chain, model.owner, {
    address: model.stack.models,
    abi: modelRegistryAbi,
    functionName: 'approve',
    args: [factory, model.id],
  })
  const { result } = await write<Address>(chain, model.owner, {
    address: factory,
    abi: modelSharesAbi,
    functionName: 'tokenize',
    args: [model.id, opts.name ?? 'Spam model shares', opts.symbol ?? 'SPAMS', opts.supply],
  })
  return result
}

/** Creates the pair of two tokens on an AMM factory. */
export async function createPool(chain: TestChain, factory: Address, a: Address, b: Address): Promise<Pool> {
  const { result: pair } = await write<Address>(chain, chain.wallets[0], {
    address: factory,
    abi: shareAmmFactoryAbi,
    functionName: 'createPair',
    args: [a, b],
  })
  const [token0, token1] = (a.toLowerCase() < b.toLowerCase() ? [a, b] : [b, a]).map((t) => getAddress(t))
  return { chain, pair: getAddress(pair), token0, token1 }
}

/** Sends an ERC-20 amount (skipped when zero). */
export async function transferToken(
  chain: TestChain,
  from: Wallet,
  token: Address,
  to: Address,
  amount: bigint,
) {
  if (amount === 0n) return
  await write(chain, from, { address: token, abi: erc20Abi, functionName: 'transfer', args: [to, amount] })
}

/** Reserves of a pool. */
export async function reserves(pool: Pool): Promise<[bigint, bigint]> {
  const [r0, r1] = await read<[bigint, bigint, number]>(pool.chain, {
    address: pool.pair,
    abi: shareAmmPairAbi,
    functionName: 'getReserves',
  })
  return [r0, r1]
}

/** Adds liquidity V2 style (transfer both, then `mint`); returns the LP tokens minted. */
export async function addLiquidity(pool: Pool, from: Wallet, amount0: bigint, amount1: bigint) {
  await transferToken(pool.chain, from, pool.token0, pool.pair, amount0)
  await transferToken(pool.chain, from, pool.token1, pool.pair, amount1)
  const { receipt } = await write(pool.chain, from, {
    address: pool.pair,
    abi: shareAmmPairAbi,
    functionName: 'mint',
    args: [from.account.address],
  })
  return lpMinted(receipt.logs, pool.pair, from.account.address)
}

/** Removes liquidity (transfer LP to the pair, then `burn`); returns the two amounts paid. */
export async function removeLiquidity(pool: Pool, from: Wallet, liquidity: bigint) {
  await transferToken(pool.chain, from, pool.pair, pool.pair, liquidity)
  const { result } = await write<[bigint, bigint]>(pool.chain, from, {
    address: pool.pair,
    abi: shareAmmPairAbi,
    functionName: 'burn',
    args: [from.account.address],
  })
  return result
}

/** Swaps `amountIn` of token0 (`zeroForOne`) or token1 for the most the pool gives (or `out`). */
export async function swap(pool: Pool, from: Wallet, zeroForOne: boolean, amountIn: bigint, out?: bigint) {
  const [r0, r1] = await reserves(pool)
  const amount = out ?? (zeroForOne ? amountOut(amountIn, r0, r1) : amountOut(amountIn, r1, r0))
  await transferToken(pool.chain, from, zeroForOne ? pool.token0 : pool.token1, pool.pair, amountIn)
  await write(pool.chain, from, {
    address: pool.pair,
    abi: shareAmmPairAbi,
    functionName: 'swap',
    args: [zeroForOne ? 0n : amount, zeroForOne ? amount : 0n, from.account.address, '0x'],
  })
  return amount
}

/** ERC-20 balance. */
export const tokenBalance = (chain: TestChain, token: Address, holder: Address) =>
  read<bigint>(chain, { address: token, abi: erc20Abi, functionName: 'balanceOf', args: [holder] })

function lpMinted(logs: Parameters<typeof parseEventLogs>[0]['logs'], pair: Address, to: Address): bigint {
  return parseEventLogs({ abi: erc20Abi, logs, eventName: 'Transfer' })
    .filter(
      (l) => l.address.toLowerCase() === pair.toLowerCase() && l.args.to.toLowerCase() === to.toLowerCase(),
    )
    .reduce((s, l) => s + l.args.value, 0n)
}
