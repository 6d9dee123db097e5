import { type Address, parseEther } from 'viem'
import { wOPENAbi } from '../../../src/abi/viem'
import {
  addLiquidity,
  createPool,
  modelShareTokenAbi,
  type Pool,
  removeLiquidity,
  swap,
  tokenize,
  transferToken,
} from '../../contracts/ai/shares'
import { write } from '../../contracts/ai/simulate'
import type { TestChain } from '../../setup/chain'
import type { Workload } from './workload'

/** What {@link runShareMarket} created. */
export type ShareMarket = { token: Address; pool: Pool; holders: Address[]; traders: Address[] }

/** Wallets that trade and hold shares (the workload's model owner is wallet 8). */
export const SHARE_TRADERS = [3, 4, 5, 6]

/**
 * Tokenizes the workload's model, pools its shares against WOPEN, spreads shares to holders,
 * sends revenue, has holders claim, traders swap both ways, and liquidity added and removed.
 *
 * @example
 * const market = await runShareMarket(chain, w)
 */
export async function runShareMarket(chain: TestChain, w: Workload): Promise<ShareMarket> {
  const model = w.models[0]
  const owner = model.owner
  const wallets = chain.wallets
  const ammFactory = w.manifest.contracts.ShareAmmFactory!.address
  const token = await tokenize(w.manifest.contracts.ModelShares!.address, model, {
    name: 'Spam model shares',
    symbol: 'SPAM',
    supply: parseEther('1000000'),
  })
  const pool = await createPool(chain, ammFactory, token, w.stack.wopen)
  const traders = SHARE_TRADERS.map((i) => chain.accounts[i])
  for (const i of SHARE_TRADERS) {
    await transferToken(chain, owner, token, chain.accounts[i], parseEther('10000') * BigInt(i))
    await write(chain, wallets[i], {
      address: w.stack.wopen,
      abi: wOPENAbi,
      functionName: 'deposit',
      value: parseEther('20'),
    })
  }
  await write(chain, owner, {
    address: w.stack.wopen,
    abi: wOPENAbi,
    functionName: 'deposit',
    value: parseEther('100'),
  })
  const seed = (share: bigint, wopen: bigint) =>
    pool.token0.toLowerCase() === token.toLowerCase() ? ([share, wopen] as const) : ([wopen, share] as const)
  await addLiquidity(pool, owner, ...seed(parseEther('200000'), parseEther('50')))
  // Revenue in, from two senders, with holders in between.
  await revenue(chain, 10, token, parseEther('3'))
  await transferToken(chain, wallets[3], token, chain.accounts[7], parseEther('12345'))
  await revenue(chain, 11, token, 1_000_000_007n)
  const shareIs0 = pool.token0.toLowerCase() === token.toLowerCase()
  for (const [n, i] of SHARE_TRADERS.entries()) {
    // Alternate: buy shares with WOPEN, sell shares for WOPEN.
    const buy = n % 2 === 0
    await swap(
      pool,
      wallets[i],
      buy ? !shareIs0 : shareIs0,
      buy ? parseEther('1') + BigInt(n) : parseEther('2000'),
    )
  }
  const lp = await addLiquidity(pool, wallets[4], ...seed(parseEther('20000'), parseEther('5')))
  await removeLiquidity(pool, wallets[4], lp / 3n)
  for (const i of [3, 7, 8])
    await write(chain, wallets[i], { address: token, abi: modelShareTokenAbi, functionName: 'claim' })
  await revenue(chain, 10, token, parseEther('0.5'))
  return { token, pool, holders: [owner.account.address, ...traders, chain.accounts[7], pool.pair], traders }
}

/** Sends native OPEN to a share token (revenue, as the router pays it). */
export async function revenue(chain: TestChain, from: number, token: Address, amount: bigint) {
  const hash = await chain.wallets[from].sendTransaction({ to: token, value: amount })
  await chain.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })
}
