import { rpc } from '../../processor/helpers/rpc'

const DEPOSIT = '0xd0e30db0'
const TRANSFER = '0xa9059cbb'

/**
 * Fills a devnet with WOPEN activity: one block where every account deposits, then `blocks` blocks
 * of `txsPerBlock` transfers (one Transfer event each) between the accounts. Returns the head.
 *
 * @example
 * await generateWopenWorkload(rpcUrl, { wopen, accounts, blocks: 200, txsPerBlock: 500 })
 */
export async function generateWopenWorkload(
  rpcUrl: string,
  opts: { wopen: string; accounts: string[]; blocks: number; txsPerBlock: number; log?: (l: string) => void },
): Promise<number> {
  // Explicit nonces: a batch holds several transactions per sender.
  const counts = (await rpc(
    rpcUrl,
    opts.accounts.map((a) => ({ method: 'eth_getTransactionCount', params: [a, 'pending'] })),
  )) as string[]
  const nonces = new Map(opts.accounts.map((a, i) => [a, Number(counts[i])]))
  const send = (from: string, data: string, value = '0x0') => {
    const nonce = nonces.get(from)!
    nonces.set(from, nonce + 1)
    return {
      method: 'eth_sendTransaction',
      params: [{ from, to: opts.wopen, data, value, gas: '0x20000', nonce: `0x${nonce.toString(16)}` }],
    }
  }
  await rpc(rpcUrl, [{ method: 'evm_setAutomine', params: [false] }])
  try {
    await rpc(
      rpcUrl,
      opts.accounts.map((a) => send(a, DEPOSIT, '0x3635c9adc5dea00000')),
    )
    await rpc(rpcUrl, [{ method: 'evm_mine', params: [] }])
    let k = 0
    for (let b = 0; b < opts.blocks; b++) {
      const txs = []
      for (let t = 0; t < opts.txsPerBlock; t++, k++) {
        const from = opts.accounts[k % opts.accounts.length]
        const to = opts.accounts[(k * 7 + 3) % opts.accounts.length]
        txs.push(
          send(
            from,
            `${TRANSFER}${to.slice(2).padStart(64, '0')}${(1 + (k % 1000)).toString(16).padStart(64, '0')}`,
          ),
        )
      }
      for (let i = 0; i < txs.length; i += 1000) await rpc(rpcUrl, txs.slice(i, i + 1000))
      await rpc(rpcUrl, [{ method: 'evm_mine', params: [] }])
      if (opts.log && b % 500 === 0) opts.log(`block ${b}/${opts.blocks}`)
    }
  } finally {
    await rpc(rpcUrl, [{ method: 'evm_setAutomine', params: [true] }])
  }
  const [n] = (await rpc(rpcUrl, [{ method: 'eth_blockNumber', params: [] }])) as string[]
  return Number(n)
}
