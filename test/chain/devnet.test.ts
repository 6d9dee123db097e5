import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChainIdMismatchError, RpcUnreachableError } from '../../src/chain/errors'
import { rpcChainId } from '../../src/chain/rpcChainId'
import { type Devnet, startDevnet } from '../../src/chain/startDevnet'
import { PortInUseError } from '../../src/util/errors'
import { freePort } from '../../src/util/freePort'

describe('startDevnet', () => {
  let devnet: Devnet
  beforeAll(async () => {
    devnet = await startDevnet({ chainId: 161201 })
  })
  afterAll(async () => {
    await devnet?.stop()
  })

  it('answers JSON-RPC with the requested chain id in OP-stack mode', async () => {
    expect(await rpcChainId(devnet.rpcUrl)).toBe(161201)
    // --optimism switches anvil to OP-stack hardforks (Bedrock … Jovian) instead of Ethereum's.
    const res = await fetch(devnet.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'anvil_nodeInfo', params: [] }),
    })
    const { result } = (await res.json()) as { result: { hardFork: string } }
    const opForks = [
      'Bedrock',
      'Regolith',
      'Canyon',
      'Ecotone',
      'Fjord',
      'Granite',
      'Holocene',
      'Isthmus',
      'Jovian',
    ]
    expect(opForks).toContain(result.hardFork)
  })

  it('rejects an occupied port with PortInUseError before spawning anything', async () => {
    await expect(startDevnet({ port: devnet.port })).rejects.toBeInstanceOf(PortInUseError)
  })

  it('reports a wrong chain id with ChainIdMismatchError', async () => {
    const err = await rpcChainId(devnet.rpcUrl, { expected: 1612 }).catch((e) => e)
    expect(err).toBeInstanceOf(ChainIdMismatchError)
    expect(err.shortMessage).toBe(
      `Chain id mismatch at ${devnet.rpcUrl}: expected 1612, the node reports 161201.`,
    )
  })

  it('reports a missing node with RpcUnreachableError (retryable)', async () => {
    const port = await freePort()
    const err = await rpcChainId(`http://127.0.0.1:${port}`).catch((e) => e)
    expect(err).toBeInstanceOf(RpcUnreachableError)
    expect(err.retryable).toBe(true)
  })

  it('reports a non-JSON-RPC server with RpcUnreachableError', async () => {
    const server = net.createServer((s) => s.end('HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello'))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as net.AddressInfo
    const err = await rpcChainId(`http://127.0.0.1:${port}`).catch((e) => e)
    server.close()
    expect(err).toBeInstanceOf(RpcUnreachableError)
  })

  it('stop() ends the process and can be called twice', async () => {
    const d = await startDevnet()
    await d.stop()
    await d.stop()
    await expect(rpcChainId(d.rpcUrl, { timeoutMs: 300 })).rejects.toBeInstanceOf(RpcUnreachableError)
  })
})
