import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A loopback JSON-RPC proxy that reports the node's head as at most `cap` (`eth_blockNumber`,
 * single or batched) and passes everything else through: an indexer pointed at it stops at `cap`
 * with every block final, as if the chain ended there.
 *
 * @example
 * const proxy = await startCappedHeadProxy(chain.rpcUrl, 40)
 * // index through proxy.url, then resume against chain.rpcUrl
 * await proxy.stop()
 */
export async function startCappedHeadProxy(
  target: string,
  cap: number,
): Promise<{ url: string; stop(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    try {
      const sent = JSON.parse(body)
      const upstream = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      const answer = await upstream.json()
      const calls = Array.isArray(sent) ? sent : [sent]
      const answers = Array.isArray(answer) ? answer : [answer]
      for (const a of answers) {
        const call = calls.find((c: { id: unknown }) => c.id === a.id)
        if (call?.method === 'eth_blockNumber' && typeof a.result === 'string')
          a.result = `0x${Math.min(Number.parseInt(a.result, 16), cap).toString(16)}`
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer))
    } catch (err) {
      res.writeHead(502).end(String(err))
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}
