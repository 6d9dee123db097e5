import { type Address, erc20Abi, parseEther } from 'viem'
import {
  modelRegistryAbi,
  modelSharesAbi,
  modelShareTokenAbi,
  shareAmmFactoryAbi,
  shareAmmPairAbi,
  wOPENAbi,
} from '../abi/viem'
import { TRACIN_METHOD } from '../attribution/modelPackage'
import { addressOf, call, type DemoContext, send } from './demoContext'
import type { DemoDatanet } from './demoDatanetTypes'
import type { DemoModel } from './trainModel'
import type { BatchTx } from './txBatch'

/** What the share-market chapter left on chain. */
export type DemoShareMarket = { modelId: bigint; token: Address; pair: Address; swaps: number }

/** Shares minted on tokenization: one million, 18 decimals. */
export const DEMO_SHARE_SUPPLY = parseEther('1000000')

/** Gas for a call whose input arrives earlier in the same batch (it cannot be estimated alone). */
const DEPENDENT_GAS = 300_000n

/**
 * The share-market chapter: the model owner registers a community edition of the demo model (same
 * artifact and training data; the demo model itself stays untokenized, since later workloads have
 * its owner fulfil inferences directly) and tokenizes it (its NFT moves into a share token that
 * from then on receives the owner's revenue), gives shares to members, pools shares against WOPEN;
 * revenue arrives and holders claim; members trade both ways (`4 × scale` swaps), one adds
 * liquidity and later removes a third of it.
 *
 * @throws {BatchTxFailedError} when a step reverts.
 * @example
 * const market = await runShareMarket(ctx, datanets, model, { scale: 1 })
 */
export async function runShareMarket(
  ctx: DemoContext,
  datanets: DemoDatanet[],
  model: DemoModel,
  opts: { scale?: number } = {},
): Promise<DemoShareMarket> {
  const { modelOwner: owner, members } = ctx.roles
  const factory = addressOf(ctx, 'ModelShares')
  const wopen = addressOf(ctx, 'WOPEN')
  const read = <T>(
    address: Address,
    abi: readonly unknown[],
    functionName: string,
    args: readonly unknown[] = [],
  ) => ctx.publicClient.readContract({ address, abi, functionName, args } as never) as Promise<T>

  const models = addressOf(ctx, 'ModelRegistry')
  await send(ctx, [
    call(owner, models, modelRegistryAbi, 'registerModel', [
      'SpamGuard Community',
      `openledger://artifact/${model.artifactHash}`,
      model.price,
      model.artifactHash,
      TRACIN_METHOD,
      datanets.map((d) => d.id),
      datanets.map((d) => d.version),
    ]),
  ])
  const modelId = await read<bigint>(models, modelRegistryAbi, 'modelCount')
  await send(ctx, [call(owner, models, modelRegistryAbi, 'approve', [factory, modelId])])
  await send(ctx, [
    call(owner, factory, modelSharesAbi, 'tokenize', [
      modelId,
      'SpamGuard shares',
      'SPAMG',
      DEMO_SHARE_SUPPLY,
    ]),
  ])
  const token = await read<Address>(factory, modelSharesAbi, 'tokenOfModel', [modelId])
  await send(ctx, [
    call(owner, addressOf(ctx, 'ShareAmmFactory'), shareAmmFactoryAbi, 'createPair', [token, wopen]),
  ])
  const pair = await read<Address>(addressOf(ctx, 'ShareAmmFactory'), shareAmmFactoryAbi, 'getPair', [
    token,
    wopen,
  ])
  const shareIs0 = token.toLowerCase() < wopen.toLowerCase()
  const ordered = (share: bigint, w: bigint): [bigint, bigint] => (shareIs0 ? [share, w] : [w, share])

  // Shares to members, WOPEN for everyone who trades or provides liquidity.
  await send(ctx, [
    ...members.map((m, i) =>
      call(owner, token, modelShareTokenAbi, 'transfer', [m, parseEther('20000') * BigInt(i + 1)]),
    ),
    ...[owner, ...members].map((m) => call(m, wopen, wOPENAbi, 'deposit', [], parseEther('100'))),
  ])
  await send(ctx, provide(owner, token, wopen, pair, ordered(parseEther('300000'), parseEther('75'))))

  // Revenue (as the router pays it: native OPEN to the token) and claims.
  await send(
    ctx,
    members.slice(0, 2).map((m, i) => ({ from: m, to: token, value: parseEther('2') + BigInt(i) })),
  )
  await send(
    ctx,
    [owner, ...members.slice(0, 3)].map((m) => call(m, token, modelShareTokenAbi, 'claim')),
  )

  const swaps = 4 * Math.max(1, opts.scale ?? 1)
  for (let n = 0; n < swaps; n++) {
    const trader = members[n % members.length]
    const buy = n % 2 === 0 // buy shares with WOPEN, else sell shares for WOPEN
    const [r0, r1] = await read<[bigint, bigint, number]>(pair, shareAmmPairAbi, 'getReserves')
    const inIs0 = buy ? !shareIs0 : shareIs0
    const amountIn = buy ? parseEther('0.5') + BigInt(n) : parseEther('200') + BigInt(n)
    const out = amountOut(amountIn, inIs0 ? r0 : r1, inIs0 ? r1 : r0)
    await send(ctx, [
      call(trader, buy ? wopen : token, erc20Abi, 'transfer', [pair, amountIn]),
      {
        ...call(trader, pair, shareAmmPairAbi, 'swap', [inIs0 ? 0n : out, inIs0 ? out : 0n, trader, '0x']),
        gas: DEPENDENT_GAS,
      },
    ])
  }

  // A member provides liquidity, more revenue arrives, then the member takes a third back out.
  const provider = members[1]
  await send(ctx, provide(provider, token, wopen, pair, ordered(parseEther('20000'), parseEther('5'))))
  await send(ctx, [{ from: members[2], to: token, value: parseEther('1') }])
  const lp = await read<bigint>(pair, erc20Abi, 'balanceOf', [provider])
  await send(ctx, [
    call(provider, pair, erc20Abi, 'transfer', [pair, lp / 3n]),
    { ...call(provider, pair, shareAmmPairAbi, 'burn', [provider]), gas: DEPENDENT_GAS },
  ])
  return { modelId, token, pair, swaps }
}

/** Transfers both amounts (token0's, token1's) to the pair and mints LP tokens to `from`. */
function provide(
  from: Address,
  token: Address,
  wopen: Address,
  pair: Address,
  amounts: [bigint, bigint],
): BatchTx[] {
  const [t0, t1] = token.toLowerCase() < wopen.toLowerCase() ? [token, wopen] : [wopen, token]
  return [
    call(from, t0, erc20Abi, 'transfer', [pair, amounts[0]]),
    call(from, t1, erc20Abi, 'transfer', [pair, amounts[1]]),
    { ...call(from, pair, shareAmmPairAbi, 'mint', [from]), gas: DEPENDENT_GAS },
  ]
}

/**
 * Uniswap V2's `getAmountOut`: the most a swap of `amountIn` may take out at a 0.3% fee.
 *
 * @example
 * amountOut(10n ** 18n, 10n ** 21n, 10n ** 21n) // 996006981039903216n
 */
export function amountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  const withFee = amountIn * 997n
  return (withFee * reserveOut) / (reserveIn * 1000n + withFee)
}
