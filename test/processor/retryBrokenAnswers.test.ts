import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { retryBrokenAnswers } from '../../src/ingestion/retryBrokenAnswers'
import type { Manifest } from '../../src/manifest/manifest'
import { buildProcessor } from '../../src/processor/processor'
import { FAULT_KINDS, type FaultKind } from '../faults/faultKinds'
import { startFaultProxy } from '../faults/faultProxy'

// A node that knows two methods, behind the fault proxy set to break every second answer with one
// kind of fault. The processor's own RPC client (the one runIndexer patches) must end with the
// node's true answers, never an error or a broken value.

const manifest: Manifest = {
  version: 1,
  chainId: 31337,
  contracts: { WOPEN: { address: `0x${'ab'.repeat(20)}`, startBlock: 0 } },
}
const ANSWERS: Record<string, string> = { eth_blockNumber: '0x10', eth_chainId: '0x7a69' }

let node: http.Server
let nodeUrl: string

beforeAll(async () => {
  node = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString())
      const answer = (c: { id: unknown; method: string }) =>
        c.method in ANSWERS
          ? { jsonrpc: '2.0', id: c.id, result: ANSWERS[c.method] }
          : { jsonrpc: '2.0', id: c.id, error: { code: -32601, message: 'method not found' } }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(Array.isArray(body) ? body.map(answer) : answer(body)))
    })
  })
  await new Promise<void>((r) => node.listen(0, '127.0.0.1', () => r()))
  nodeUrl = `http://127.0.0.1:${(node.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((r) => node.close(r))
})

/** The processor's RPC client through a proxy that breaks every second answer with `kind`. */
async function clientBehind(kind: FaultKind, patched: boolean) {
  const proxy = await startFaultProxy({ target: nodeUrl, seed: 3, rate: 1, maxInARow: 1, kinds: [kind] })
  // biome-ignore lint/suspicious/noExplicitAny: the processor's private client, as runIndexer reaches it
  const processor = buildProcessor({ rpcUrl: proxy.url, manifest, requestTimeoutMs: 2000 }) as any
  const client = processor.getChainRpcClient()
  client.retrySchedule = [5]
  if (patched) retryBrokenAnswers(client)
  return {
    client,
    proxy,
    close: async () => {
      client.close()
      await proxy.close()
    },
  }
}

// Every kind but the two that leave the answer readable as sent (late, or a stale head).
const BROKEN = FAULT_KINDS.filter((k) => k !== 'delay' && k !== 'staleHead')

describe('retryBrokenAnswers', () => {
  it.each(BROKEN)('a %s answer is sent again and the true answer used', async (kind) => {
    const { client, proxy, close } = await clientBehind(kind, true)
    try {
      for (let i = 0; i < 3; i++) {
        expect(await client.batchCall([{ method: 'eth_blockNumber' }, { method: 'eth_chainId' }])).toEqual([
          '0x10',
          '0x7a69',
        ])
        expect(await client.call('eth_chainId')).toBe('0x7a69')
      }
      expect(proxy.counts[kind]).toBeGreaterThan(0)
    } finally {
      await close()
    }
  })

  // What the fault proxy found: without the patch these ended the indexer, or were even used.
  it.each(['cutMidBody', 'truncatedJson', 'notJson', 'wrongId', 'nullInBatch'] as const)(
    'unpatched, a %s answer fails the call',
    async (kind) => {
      const { client, close } = await clientBehind(kind, false)
      try {
        const first =
          kind === 'nullInBatch'
            ? client.batchCall([{ method: 'eth_blockNumber' }, { method: 'eth_chainId' }])
            : client.call('eth_chainId')
        await expect(first).rejects.toThrow()
      } finally {
        await close()
      }
    },
  )

  it('unpatched, an envelope with neither result nor error is accepted as undefined', async () => {
    const { client, close } = await clientBehind('missingResult', false)
    try {
      expect(await client.call('eth_chainId')).toBeUndefined()
    } finally {
      await close()
    }
  })

  it('a JSON-RPC error object is passed on as RpcError, not sent again', async () => {
    const { client, proxy, close } = await clientBehind('reorderedBatch', true)
    try {
      await expect(client.call('eth_unknownMethod')).rejects.toMatchObject({ name: 'RpcError' })
      expect(proxy.requests).toBe(1)
    } finally {
      await close()
    }
  })
})
