import http from 'node:http'

export type ProxyMode = 'ok' | '5xx' | 'hang'

export type FlakyProxy = {
  url: string
  mode: ProxyMode
  /** Requests answered with 503 or left hanging. */
  failures: number
  close(): Promise<void>
}

/**
 * A loopback JSON-RPC proxy in front of `target` that can answer 503 or never answer, to test how
 * the indexer behaves while its node misbehaves.
 *
 * @example
 * const proxy = await startFlakyProxy(chain.rpcUrl); proxy.mode = '5xx'
 */
export async function startFlakyProxy(target: string): Promise<FlakyProxy> {
  const hanging = new Set<http.ServerResponse>()
  const state: FlakyProxy = { url: '', mode: 'ok', failures: 0, close: async () => {} }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', async () => {
      if (state.mode === '5xx') {
        state.failures += 1
        res.writeHead(503, { 'content-type': 'text/plain' }).end('service unavailable')
        return
      }
      if (state.mode === 'hang') {
        state.failures += 1
        hanging.add(res)
        res.on('close', () => hanging.delete(res))
        return
      }
      try {
        const upstream = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: Buffer.concat(chunks),
        })
        res
          .writeHead(upstream.status, { 'content-type': 'application/json' })
          .end(Buffer.from(await upstream.arrayBuffer()))
      } catch {
        res.writeHead(502).end()
      }
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  state.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  state.close = async () => {
    for (const res of hanging) res.destroy()
    server.closeAllConnections()
    await new Promise((r) => server.close(() => r(undefined)))
  }
  return state
}
