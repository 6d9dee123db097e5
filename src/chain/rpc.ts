import { RpcError, RpcUnreachableError } from './errors'

type RpcCall = { method: string; params: unknown[] }

/**
 * Sends many JSON-RPC calls in one HTTP request (JSON-RPC batch) and returns the results in order.
 * The demo workload uses it to push hundreds of transactions per block without a round trip each.
 *
 * @throws {RpcUnreachableError} when the node does not answer.
 * @throws {RpcError} for the first call answered with an error.
 * @example
 * const [chainId, block] = await rpcBatch(url, [{ method: 'eth_chainId', params: [] }, { method: 'eth_blockNumber', params: [] }])
 */
export async function rpcBatch<T = unknown>(url: string, calls: RpcCall[], chunk = 500): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < calls.length; i += chunk) {
    const slice = calls.slice(i, i + chunk)
    const body = slice.map((c, j) => ({ jsonrpc: '2.0', id: j, method: c.method, params: c.params }))
    let answers: { id: number; result?: T; error?: { code: number; message: string; data?: unknown } }[]
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      answers = (await res.json()) as typeof answers
    } catch (cause) {
      throw new RpcUnreachableError(url, { cause })
    }
    answers.sort((a, b) => a.id - b.id)
    for (const a of answers) {
      if (a.error) throw new RpcError(slice[a.id].method, a.error)
      out.push(a.result as T)
    }
  }
  return out
}

/**
 * One JSON-RPC call.
 *
 * @example
 * await rpc(url, 'evm_setAutomine', [false])
 */
export async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const [result] = await rpcBatch<T>(url, [{ method, params }])
  return result
}
