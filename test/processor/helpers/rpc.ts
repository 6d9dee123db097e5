import { rpcBatch } from '../../../src/chain/rpc'

/** Raw JSON-RPC to anvil, batched: the product's own `rpcBatch`, under the name these tests use. */
export const rpc = rpcBatch

const DEPOSIT = '0xd0e30db0'
const TRANSFER = '0xa9059cbb'

/**
 * Mines `blocks` blocks of WOPEN activity, `txsPerBlock` transactions each (deposits, and transfers
 * between the accounts), with automine off so each block holds them all (explicit nonces: a batch
 * holds several transactions per sender). Returns the last block.
 *
 * @example
 * await wopenActivity(url, { wopen, accounts, blocks: 10, txsPerBlock: 50 })
 */
export async function wopenActivity(
  url: string,
  opts: { wopen: string; accounts: string[]; blocks: number; txsPerBlock: number; seed?: number },
): Promise<number> {
  const counts = (await rpc(
    url,
    opts.accounts.map((a) => ({ method: 'eth_getTransactionCount', params: [a, 'pending'] })),
  )) as string[]
  const nonces = new Map(opts.accounts.map((a, i) => [a, Number(counts[i])]))
  await rpc(url, [{ method: 'evm_setAutomine', params: [false] }])
  let k = opts.seed ?? 0
  try {
    for (let b = 0; b < opts.blocks; b++) {
      const txs: { method: string; params: unknown[] }[] = []
      for (let t = 0; t < opts.txsPerBlock; t++, k++) {
        const from = opts.accounts[k % opts.accounts.length]
        const to = opts.accounts[(k * 7 + 3) % opts.accounts.length]
        const nonce = nonces.get(from)!
        nonces.set(from, nonce + 1)
        const data =
          k % 2 === 0
            ? DEPOSIT
            : `${TRANSFER}${to.slice(2).toLowerCase().padStart(64, '0')}${(1000 + (k % 97)).toString(16).padStart(64, '0')}`
        txs.push({
          method: 'eth_sendTransaction',
          params: [
            {
              from,
              to: opts.wopen,
              data,
              value: k % 2 === 0 ? `0x${(1_000_000 + k).toString(16)}` : '0x0',
              gas: '0x30000',
              nonce: `0x${nonce.toString(16)}`,
            },
          ],
        })
      }
      for (let i = 0; i < txs.length; i += 500) await rpc(url, txs.slice(i, i + 500))
      await rpc(url, [{ method: 'evm_mine', params: [] }])
    }
  } finally {
    await rpc(url, [{ method: 'evm_setAutomine', params: [true] }])
  }
  const [n] = (await rpc(url, [{ method: 'eth_blockNumber', params: [] }])) as string[]
  return Number(n)
}

/**
 * Replaces the last `depth` blocks with blocks holding one WOPEN deposit from `from` each (amounts
 * set by `salt`, so the replacements differ from the originals), then mines one more block.
 *
 * @example
 * await anvilReorg(url, { wopen, from: accounts[14], depth: 3, salt: 1 })
 */
export async function anvilReorg(
  url: string,
  opts: { wopen: string; from: string; depth: number; salt: number },
): Promise<void> {
  const txs = Array.from({ length: opts.depth }, (_, i) => [
    {
      from: opts.from,
      to: opts.wopen,
      data: DEPOSIT,
      value: `0x${(7000 + opts.salt * 100 + i).toString(16)}`,
    },
    i,
  ])
  await rpc(url, [{ method: 'anvil_reorg', params: [opts.depth, txs] }])
  await rpc(url, [{ method: 'evm_mine', params: [] }])
}
