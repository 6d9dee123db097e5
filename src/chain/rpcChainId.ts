import { ChainIdMismatchError, RpcAnswerError, RpcUnreachableError } from './errors'

/**
 * Asks a JSON-RPC node for its chain id with a plain `fetch` (no client state, short timeout).
 *
 * @throws {RpcUnreachableError} when nothing answers or the answer is not JSON-RPC.
 * @throws {ChainIdMismatchError} when `expected` is given and differs.
 * @example
 * const chainId = await rpcChainId('http://127.0.0.1:8545', { expected: 31337 })
 */
export async function rpcChainId(
  url: string,
  opts: { expected?: number; timeoutMs?: number } = {},
): Promise<number> {
  let chainId: number
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 3000),
    })
    const body = (await res.json()) as { result?: string }
    if (typeof body.result !== 'string') throw new RpcAnswerError('eth_chainId', JSON.stringify(body))
    chainId = Number(BigInt(body.result))
  } catch (cause) {
    throw new RpcUnreachableError(url, { cause })
  }
  if (opts.expected !== undefined && opts.expected !== chainId)
    throw new ChainIdMismatchError({ expected: opts.expected, actual: chainId, url })
  return chainId
}
