import { type Address, type Hex, toHex } from 'viem'
import { rpc, rpcBatch } from '../chain/rpc'
import { BatchTxFailedError } from './errors'

/** One transaction from an anvil-unlocked dev account. */
export type BatchTx = { from: Address; to: Address; data?: Hex; value?: bigint; gas?: bigint; label?: string }

export type TxReceipt = {
  transactionHash: Hex
  blockNumber: Hex
  status: Hex
  gasUsed: Hex
  logs: { address: Address; topics: Hex[]; data: Hex }[]
}

/**
 * Sends `txs` through anvil's unlocked dev accounts and mines them into as few blocks as the gas
 * limit allows (automine off, one JSON-RPC batch to send, `evm_mine` until the pool is empty),
 * then checks every receipt. This is what makes a 100k-event workload take seconds, not minutes.
 * Transactions of one batch must not depend on each other's state when `gas` is omitted (the
 * node estimates against the latest block): put dependent steps in successive batches.
 *
 * @throws {BatchTxFailedError} when any transaction reverts (the others stay mined).
 * @example
 * const receipts = await sendBatch(rpcUrl, [{ from, to: registry, data: encodeFunctionData({ abi, functionName: 'contribute', args }) }])
 */
export async function sendBatch(
  rpcUrl: string,
  txs: BatchTx[],
  opts: { maxPerBlock?: number } = {},
): Promise<TxReceipt[]> {
  if (txs.length === 0) return []
  const request = (t: BatchTx) => ({
    from: t.from,
    to: t.to,
    data: t.data ?? '0x',
    value: toHex(t.value ?? 0n),
  })
  const missing = txs.map((t, i) => (t.gas === undefined ? i : -1)).filter((i) => i >= 0)
  const estimates = await rpcBatch<Hex>(
    rpcUrl,
    missing.map((i) => ({ method: 'eth_estimateGas', params: [request(txs[i])] })),
  ).catch((err) => {
    throw new BatchTxFailedError(`estimate ${txs[missing[0]]?.label ?? 'tx'}`, '-', {
      details: String(err?.message ?? err),
      cause: err,
    })
  })
  const gas = txs.map((t) => t.gas ?? 0n)
  // Margin: the estimate is against the latest block; storage touched earlier in the batch is warm or cold differently.
  missing.forEach((i, j) => {
    gas[i] = (BigInt(estimates[j]) * 13n) / 10n + 20_000n
  })

  // Explicit nonces: anvil answers a JSON-RPC batch concurrently and would hand two transactions of
  // one sender the same nonce.
  const senders = [...new Set(txs.map((t) => t.from.toLowerCase()))]
  const counts = await rpcBatch<Hex>(
    rpcUrl,
    senders.map((s) => ({ method: 'eth_getTransactionCount', params: [s, 'pending'] })),
  )
  const nextNonce = new Map(senders.map((s, i) => [s, BigInt(counts[i])]))
  const nonces = txs.map((t) => {
    const key = t.from.toLowerCase()
    const n = nextNonce.get(key) as bigint
    nextNonce.set(key, n + 1n)
    return n
  })

  const maxPerBlock = opts.maxPerBlock ?? 2000
  const hashes: Hex[] = []
  await rpc(rpcUrl, 'evm_setAutomine', [false])
  try {
    for (let start = 0; start < txs.length; start += maxPerBlock) {
      const slice = txs.slice(start, start + maxPerBlock)
      const sent = await rpcBatch<Hex>(
        rpcUrl,
        slice.map((t, j) => ({
          method: 'eth_sendTransaction',
          params: [{ ...request(t), gas: toHex(gas[start + j]), nonce: toHex(nonces[start + j]) }],
        })),
      )
      hashes.push(...sent)
      await minePending(rpcUrl)
    }
  } finally {
    await rpc(rpcUrl, 'evm_setAutomine', [true])
  }
  const receipts = await rpcBatch<TxReceipt>(
    rpcUrl,
    hashes.map((h) => ({ method: 'eth_getTransactionReceipt', params: [h] })),
  )
  receipts.forEach((r, i) => {
    if (!r || r.status !== '0x1') throw new BatchTxFailedError(txs[i].label ?? `tx ${i}`, hashes[i])
  })
  return receipts
}

async function minePending(rpcUrl: string): Promise<void> {
  for (let guard = 0; guard < 10_000; guard++) {
    await rpc(rpcUrl, 'evm_mine', [])
    const status = await rpc<{ pending: Hex }>(rpcUrl, 'txpool_status', [])
    if (BigInt(status.pending) === 0n) return
  }
}
