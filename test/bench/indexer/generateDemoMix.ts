import { type Address, encodeFunctionData, type Hex, toHex } from 'viem'
import {
  agentRegistryAbi,
  inferenceRouterAbi,
  modelShareTokenAbi,
  shareAmmPairAbi,
  wOPENAbi,
} from '../../../src/abi/viem'
import { rpc, rpcBatch } from '../../../src/chain/rpc'
import { amountOut } from '../../../src/demo/runShareMarket'
import { type DemoMix, hashOf, MIX_ROLES } from './setupDemoMix'

/** What the generated blocks hold, by kind of operation (each a transaction, or two or three for the pool). */
export type MixCounts = {
  wopenTransfers: number
  agentActions: number
  directFineTuneRequests: number
  fulfilments: number
  baseSettlements: number
  lineageSettlements: number
  swaps: number
  liquidityAdds: number
  liquidityRemoves: number
}

type Tx = { from: Address; to: Address; data: Hex; value?: bigint; gas: number }
type Pending = { id: bigint; fineTune: boolean; block: number }

const encode = (abi: readonly unknown[], functionName: string, args: readonly unknown[]) =>
  encodeFunctionData({ abi, functionName, args } as Parameters<typeof encodeFunctionData>[0])

/**
 * Mines `blocks` blocks shaped like a live L2's: `transfersPerBlock` WOPEN transfers plus, in every
 * block, an agent action (alternately on the tokenized base model and on its fine-tune; every
 * fourth block also a direct request on the fine-tune), the fulfilment of the previous block's
 * inferences (the base's by its share token's operator, the fine-tune's by its owner), the
 * settlement of the block before's (the base's with `settle`, the fine-tune's with
 * `settleWithLineage` over 2 levels), and one pool operation (swaps both ways; every 20 blocks a
 * liquidity add, then a remove). Automine off and explicit nonces, so each block is one JSON-RPC
 * batch; ids of inferences and pool amounts are computed here, which holds because every
 * order-dependent sequence in a block comes from one sender (nonce order). Returns the head and
 * the operation counts; the receipts are not read (the event census checks what landed).
 *
 * @example
 * const { head, counts } = await generateDemoMix(rpcUrl, mix, { blocks: 6000, transfersPerBlock: 4 })
 */
export async function generateDemoMix(
  rpcUrl: string,
  mix: DemoMix,
  opts: { blocks: number; transfersPerBlock: number; log?: (line: string) => void },
): Promise<{ head: number; counts: MixCounts }> {
  const R = MIX_ROLES
  const acct = (i: number) => mix.accounts[i]
  const [wopen, router, agentsAt] = [
    mix.address('WOPEN'),
    mix.address('InferenceRouter'),
    mix.address('AgentRegistry'),
  ]
  const counts: MixCounts = {
    wopenTransfers: 0,
    agentActions: 0,
    directFineTuneRequests: 0,
    fulfilments: 0,
    baseSettlements: 0,
    lineageSettlements: 0,
    swaps: 0,
    liquidityAdds: 0,
    liquidityRemoves: 0,
  }
  const nonceOf = await rpcBatch<Hex>(
    rpcUrl,
    mix.accounts.map((a) => ({ method: 'eth_getTransactionCount', params: [a, 'pending'] })),
  ).then((c) => new Map(mix.accounts.map((a, i) => [a, Number(c[i])])))
  const send = (t: Tx) => {
    const nonce = nonceOf.get(t.from)!
    nonceOf.set(t.from, nonce + 1)
    return {
      method: 'eth_sendTransaction',
      params: [
        {
          from: t.from,
          to: t.to,
          data: t.data,
          value: toHex(t.value ?? 0n),
          gas: toHex(t.gas),
          nonce: toHex(nonce),
        },
      ],
    }
  }
  let inferenceCount = mix.inferenceCount
  const pending: Pending[] = []
  const pool = { ...mix.pool }
  let lpBalance = 0n
  const share = mix.shareToken
  const [token0, token1] = mix.shareIs0 ? [share, wopen] : [wopen, share]
  const weights = (cs: bigint[], j: number, ppm: number[]) => ({
    ids: ppm.map((_, i) => cs[(j + i) % cs.length]),
    ppm,
  })

  const blockTxs = (k: number): Tx[] => {
    const txs: Tx[] = []
    for (let t = 0; t < opts.transfersPerBlock; t++) {
      const n = k * opts.transfersPerBlock + t
      const from = acct(R.transferrers[n % 4])
      const to = acct(R.transferrers[(n + 1 + (n % 3)) % 4])
      txs.push({
        from,
        to: wopen,
        data: encode(wOPENAbi, 'transfer', [to, BigInt(1 + (n % 1000))]),
        gas: 100_000,
      })
      counts.wopenTransfers++
    }
    // Requests: one sender per block, so the router's ids follow its nonces.
    const caller = acct(R.callers[k % 4])
    const agent = mix.agents[k % 2]
    txs.push({
      from: caller,
      to: agentsAt,
      data: encode(agentRegistryAbi, 'act', [agent.id, hashOf(`action ${k}`)]),
      value: agent.price,
      gas: 700_000,
    })
    pending.push({ id: ++inferenceCount, fineTune: agent.onFineTune, block: k })
    counts.agentActions++
    if (k % 4 === 3) {
      txs.push({
        from: caller,
        to: router,
        data: encode(inferenceRouterAbi, 'request', [mix.fineTune.id, hashOf(`request ${k}`)]),
        value: mix.fineTune.price,
        gas: 400_000,
      })
      pending.push({ id: ++inferenceCount, fineTune: true, block: k })
      counts.directFineTuneRequests++
    }
    for (const p of pending) {
      if (p.block === k - 1) {
        txs.push(
          p.fineTune
            ? {
                from: acct(R.fineTuneOwner),
                to: router,
                data: encode(inferenceRouterAbi, 'fulfil', [p.id, hashOf(`out ${p.id}`)]),
                gas: 300_000,
              }
            : {
                from: acct(R.baseOwner),
                to: share,
                data: encode(modelShareTokenAbi, 'fulfil', [p.id, hashOf(`out ${p.id}`)]),
                gas: 300_000,
              },
        )
        counts.fulfilments++
      } else if (p.block === k - 2) {
        const j = Number(p.id)
        if (p.fineTune) {
          const own = weights(mix.tuneContributions, j, [600_000, 400_000])
          const up = weights(mix.baseContributions, j, [700_000, 300_000])
          txs.push({
            from: acct(R.validator),
            to: router,
            data: encode(inferenceRouterAbi, 'settleWithLineage', [
              p.id,
              [own.ids, up.ids],
              [own.ppm, up.ppm],
            ]),
            gas: 1_500_000,
          })
          counts.lineageSettlements++
        } else {
          const w = weights(mix.baseContributions, j, [500_000, 300_000, 200_000])
          txs.push({
            from: acct(R.validator),
            to: router,
            data: encode(inferenceRouterAbi, 'settle', [p.id, w.ids, w.ppm]),
            gas: 1_200_000,
          })
          counts.baseSettlements++
        }
      }
    }
    while (pending.length && pending[0].block <= k - 2) pending.shift()
    txs.push(...poolOp(k))
    return txs
  }

  const transfer = (from: Address, token: Address, to: Address, amount: bigint): Tx => ({
    from,
    to: token,
    data: encode(wOPENAbi, 'transfer', [to, amount]),
    gas: 150_000,
  })
  const poolOp = (k: number): Tx[] => {
    const lp = acct(R.lp)
    if (k % 20 === 7) {
      // Add at the pool's price: ~1 WOPEN and the matching shares.
      const wopenIn = 10n ** 18n
      const [r0, r1] = [pool.reserve0, pool.reserve1]
      const [a0, a1] = mix.shareIs0 ? [(wopenIn * r0) / r1, wopenIn] : [wopenIn, (wopenIn * r1) / r0]
      // V2 mints the smaller of the two pro-rata amounts (bigints: no Math.min).
      let minted = (a0 * pool.lpSupply) / r0
      if ((a1 * pool.lpSupply) / r1 < minted) minted = (a1 * pool.lpSupply) / r1
      pool.reserve0 += a0
      pool.reserve1 += a1
      pool.lpSupply += minted
      lpBalance += minted
      counts.liquidityAdds++
      return [
        transfer(lp, token0, mix.pair, a0),
        transfer(lp, token1, mix.pair, a1),
        { from: lp, to: mix.pair, data: encode(shareAmmPairAbi, 'mint', [lp]), gas: 300_000 },
      ]
    }
    if (k % 20 === 17 && lpBalance > 0n) {
      const burnt = lpBalance / 2n
      const [out0, out1] = [(burnt * pool.reserve0) / pool.lpSupply, (burnt * pool.reserve1) / pool.lpSupply]
      pool.reserve0 -= out0
      pool.reserve1 -= out1
      pool.lpSupply -= burnt
      lpBalance -= burnt
      counts.liquidityRemoves++
      return [
        transfer(lp, mix.pair, mix.pair, burnt),
        { from: lp, to: mix.pair, data: encode(shareAmmPairAbi, 'burn', [lp]), gas: 300_000 },
      ]
    }
    // Swap: buy shares with 0.05 WOPEN, or sell 200 shares (about as much at the seeded price).
    const trader = acct(R.traders[k % 3])
    const buy = k % 2 === 0
    const amountIn = buy ? 5n * 10n ** 16n : 200n * 10n ** 18n
    const zeroForOne = buy !== mix.shareIs0
    const [rIn, rOut] = zeroForOne ? [pool.reserve0, pool.reserve1] : [pool.reserve1, pool.reserve0]
    const out = amountOut(amountIn, rIn, rOut)
    if (zeroForOne) {
      pool.reserve0 += amountIn
      pool.reserve1 -= out
    } else {
      pool.reserve1 += amountIn
      pool.reserve0 -= out
    }
    counts.swaps++
    return [
      transfer(trader, zeroForOne ? token0 : token1, mix.pair, amountIn),
      {
        from: trader,
        to: mix.pair,
        data: encode(shareAmmPairAbi, 'swap', [zeroForOne ? 0n : out, zeroForOne ? out : 0n, trader, '0x']),
        gas: 250_000,
      },
    ]
  }

  await rpc(rpcUrl, 'evm_setAutomine', [false])
  try {
    for (let k = 0; k < opts.blocks; k++) {
      await rpcBatch(rpcUrl, blockTxs(k).map(send))
      await rpc(rpcUrl, 'evm_mine', [])
      if (opts.log && k % 1000 === 0) opts.log(`block ${k}/${opts.blocks}`)
    }
  } finally {
    await rpc(rpcUrl, 'evm_setAutomine', [true])
  }
  return { head: Number(await rpc<Hex>(rpcUrl, 'eth_blockNumber', [])), counts }
}
