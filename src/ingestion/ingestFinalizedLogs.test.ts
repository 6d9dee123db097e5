import { describe, expect, it } from 'vitest'
import { InconsistentRangeError } from './errors'
import { type IngestedBlock, ingestFinalizedLogs, type RpcCaller, selectLogs } from './ingestFinalizedLogs'

const A = '0x00000000000000000000000000000000000000aa'
const B = '0x00000000000000000000000000000000000000bb'
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`
const txHash = (n: number, i: number) => `0x${(n * 1000 + i).toString(16).padStart(64, '0')}`

/** A fake node: block n has one log from A and one from B (separate transactions) when n is even. */
function fakeNode(opts: { withTimestamp?: boolean; badReceiptHash?: boolean } = {}) {
  const calls: string[] = []
  const logsOf = (n: number) =>
    n % 2
      ? []
      : [A, B].map((address, i) => ({
          address,
          topics: [hash(1)],
          data: '0x',
          blockNumber: `0x${n.toString(16)}`,
          blockHash: hash(n),
          ...(opts.withTimestamp === false ? {} : { blockTimestamp: `0x${(1000 + n).toString(16)}` }),
          transactionHash: txHash(n, i),
          transactionIndex: `0x${i}`,
          logIndex: `0x${i}`,
          removed: false,
        }))
  const rpc: RpcCaller = {
    async call(method, params) {
      calls.push(method)
      if (method !== 'eth_getLogs') throw new Error(method)
      const f = (params as { fromBlock: string; toBlock: string }[])[0]
      const out = []
      for (let n = Number(f.fromBlock); n <= Number(f.toBlock); n++) out.push(...logsOf(n))
      return out
    },
    async batchCall(batch) {
      return batch.map(({ method, params = [] }) => {
        calls.push(method)
        if (method === 'eth_getBlockByNumber') {
          const n = Number(params[0])
          return { hash: hash(n), parentHash: hash(n - 1), timestamp: `0x${(1000 + n).toString(16)}` }
        }
        if (method === 'eth_getTransactionReceipt') {
          const h = params[0] as string
          const n = Math.floor(Number.parseInt(h.slice(2), 16) / 1000)
          return {
            transactionHash: h,
            transactionIndex: '0x0',
            blockNumber: `0x${n.toString(16)}`,
            blockHash: opts.badReceiptHash ? hash(999) : hash(n),
            from: '0x00000000000000000000000000000000000000f1',
            to: A,
            gasUsed: '0x5208',
            effectiveGasPrice: '0x3b9aca00',
            l1Fee: '0x10',
          }
        }
        throw new Error(method)
      })
    },
  }
  return { rpc, calls }
}

async function collect(rpc: RpcCaller, withTransaction: string[], to = 9) {
  const blocks: IngestedBlock[] = []
  const requests = [
    {
      range: { from: 0, to },
      request: {
        logs: [
          { address: [A], transaction: withTransaction.includes(A) },
          { address: [B], transaction: withTransaction.includes(B) },
        ],
      },
    },
  ]
  for await (const batch of ingestFinalizedLogs({
    rpc,
    requests,
    getFinalizedHeight: async () => 100,
    stopOnHead: true,
  }))
    blocks.push(...batch.blocks)
  return blocks
}

describe('ingestFinalizedLogs', () => {
  it('returns the blocks with logs plus the range end, receipts only for the selected contracts', async () => {
    const { rpc, calls } = fakeNode()
    const blocks = await collect(rpc, [A])
    expect(blocks.map((b) => b.header.height)).toEqual([0, 2, 4, 6, 8, 9])
    const b2 = blocks[1]
    expect(b2.header).toEqual({ height: 2, hash: hash(2), timestamp: 1002_000 })
    expect(b2.logs.map((l) => [l.address, l.logIndex, l.transaction?.hash])).toEqual([
      [A, 0, txHash(2, 0)],
      [B, 1, undefined],
    ])
    expect(b2.logs[0].transaction).toMatchObject({
      from: '0x00000000000000000000000000000000000000f1',
      gasUsed: 21000n,
      gasPrice: 1_000_000_000n,
      effectiveGasPrice: 1_000_000_000n,
      l1Fee: 16n,
    })
    expect(calls.filter((c) => c === 'eth_getTransactionReceipt')).toHaveLength(5)
    // Only the range end (no logs) needs its header: the others' come with the logs.
    expect(calls.filter((c) => c === 'eth_getBlockByNumber')).toHaveLength(1)
    expect(blocks.at(-1)?.header).toEqual({
      height: 9,
      hash: hash(9),
      parentHash: hash(8),
      timestamp: 1009_000,
    })
  })

  it('fetches headers when the logs carry no block timestamp', async () => {
    const { rpc, calls } = fakeNode({ withTimestamp: false })
    const blocks = await collect(rpc, [])
    expect(blocks[0].header.timestamp).toBe(1000_000)
    expect(calls.filter((c) => c === 'eth_getTransactionReceipt')).toHaveLength(0)
    expect(calls.filter((c) => c === 'eth_getBlockByNumber')).toHaveLength(6)
  })

  it('fails on receipts of another block after retrying', async () => {
    const { rpc } = fakeNode({ badReceiptHash: true })
    await expect(collect(rpc, [A], 1)).rejects.toBeInstanceOf(InconsistentRangeError)
  }, 20_000)
})

describe('receipts of dense blocks', () => {
  it('come whole from eth_getBlockReceipts, falling back to one call per transaction when unsupported', async () => {
    for (const supported of [true, false]) {
      const calls: string[] = []
      const receipt = (i: number) => ({
        transactionHash: txHash(1, i),
        transactionIndex: `0x${i.toString(16)}`,
        blockNumber: '0x1',
        blockHash: hash(1),
        from: A,
        gasUsed: '0x1',
        effectiveGasPrice: '0x2',
      })
      const rpc: RpcCaller = {
        async call(method) {
          calls.push(method)
          return Array.from({ length: 20 }, (_, i) => ({
            address: A,
            topics: [hash(1)],
            data: '0x',
            blockNumber: '0x1',
            blockHash: hash(1),
            blockTimestamp: '0x1',
            transactionHash: txHash(1, i),
            transactionIndex: `0x${i.toString(16)}`,
            logIndex: `0x${i.toString(16)}`,
          }))
        },
        async batchCall(batch) {
          calls.push(...batch.map((b) => b.method))
          if (batch[0].method === 'eth_getBlockReceipts') {
            if (!supported) throw Object.assign(new Error('method not found'), { name: 'RpcError' })
            return [[...Array.from({ length: 20 }, (_, i) => receipt(i)), receipt(99)]]
          }
          return batch.map((b) => receipt(Number.parseInt(String(b.params?.[0]).slice(2), 16) - 1000))
        },
      }
      const blocks: IngestedBlock[] = []
      const requests = [
        { range: { from: 1, to: 1 }, request: { logs: [{ address: [A], transaction: true }] } },
      ]
      for await (const b of ingestFinalizedLogs({
        rpc,
        requests,
        getFinalizedHeight: async () => 1,
        stopOnHead: true,
      }))
        blocks.push(...b.blocks)
      expect(blocks[0].transactions.map((t) => t.hash)).toEqual(
        Array.from({ length: 20 }, (_, i) => txHash(1, i)),
      )
      expect(calls.filter((c) => c === 'eth_getTransactionReceipt')).toHaveLength(supported ? 0 : 20)
    }
  })
})

describe('ingestFinalizedLogs with a topic request', () => {
  it('asks by address and by topic and keeps each log once', async () => {
    const { rpc, calls } = fakeNode()
    const batches = ingestFinalizedLogs({
      rpc,
      requests: [{ range: { from: 0, to: 3 }, request: { logs: [{ address: [A] }, { topic0: [hash(1)] }] } }],
      getFinalizedHeight: async () => 3,
      stopOnHead: true,
    })
    const logs: [number, number][] = []
    for await (const b of batches)
      for (const block of b.blocks) for (const l of block.logs) logs.push([block.header.height, l.logIndex])
    expect(logs).toEqual([
      [0, 0],
      [0, 1],
      [2, 0],
      [2, 1],
    ])
    expect(calls.filter((c) => c === 'eth_getLogs').length).toBeGreaterThanOrEqual(2)
  })
})

describe('selectLogs', () => {
  it('serves address-only log requests and leaves everything else to Subsquid', () => {
    expect(
      selectLogs({ logs: [{ address: [A.toUpperCase()], transaction: true }, { address: [B] }] }),
    ).toEqual({
      addresses: [A, B],
      withTransaction: new Set([A]),
      topic0: [],
    })
    expect(selectLogs({ logs: [{ address: [A], topic0: [hash(1)] }] })).toBeUndefined()
    // Topic-only requests (contracts created at run time) are served too, but never with receipts.
    expect(
      selectLogs({ logs: [{ address: [A] }, { topic0: [hash(2).toUpperCase().replace('0X', '0x')] }] }),
    ).toEqual({
      addresses: [A],
      withTransaction: new Set(),
      topic0: [hash(2)],
    })
    expect(selectLogs({ logs: [{ topic0: [hash(2)], transaction: true }] })).toBeUndefined()
    expect(selectLogs({ logs: [{ address: [A], transactionLogs: true }] })).toBeUndefined()
    expect(selectLogs({ transactions: [{ to: [A] }] })).toBeUndefined()
  })
})
