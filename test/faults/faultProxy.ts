import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createPrng } from '../../src/attribution/prng'
import { emptyFaultCounts, FAULT_KINDS, type FaultCounts, type FaultKind } from './faultKinds'

export type FaultProxyOptions = {
  /** The node's JSON-RPC URL. */
  target: string
  /** Seed of every choice the proxy makes (which request, which fault, how long, where to cut). */
  seed: number
  /** Probability that a request gets a fault. @default 0.3 */
  rate?: number
  /**
   * Faults in a row at most, then one clean answer: the client's backoff grows with failures in a
   * row (Subsquid: 10 ms, 100 ms, 0.5 s, 2 s, 10 s, 20 s), so this keeps a short run short.
   * @default 2
   */
  maxInARow?: number
  /** Longest `delay`, ms (set it above the client's timeout to make some delays time out). @default 300 */
  maxDelayMs?: number
  /** Blocks a stale head lags the real one (1 to this). @default 3 */
  staleDepth?: number
  /** Kinds to inject. @default all of {@link FAULT_KINDS} */
  kinds?: readonly FaultKind[]
}

export type FaultProxy = {
  url: string
  /** Faults injected so far, by kind. */
  readonly counts: FaultCounts
  /** HTTP requests received. */
  readonly requests: number
  /** While false every request is forwarded untouched. */
  enabled: boolean
  close(): Promise<void>
}

type RpcCall = { jsonrpc?: string; id?: unknown; method?: string; params?: unknown[] }
type RpcAnswer = { jsonrpc?: string; id?: unknown; result?: unknown; error?: unknown } | null

const BATCH_ONLY = new Set<FaultKind>(['shortBatch', 'nullInBatch', 'reorderedBatch'])

/**
 * A loopback JSON-RPC proxy in front of `target` that injects seeded faults: dropped connections,
 * answers cut mid-body, delays, 429 and 5xx, truncated or non-JSON bodies, envelopes without a
 * result or with another id, short, null-holding or reordered batch answers, and stale heads. Each
 * injected fault is counted by kind. Everything it answers is either unreadable (so must be
 * retried) or true (reordered, late or stale): it never lies.
 *
 * @example
 * const proxy = await startFaultProxy({ target: chain.rpcUrl, seed: 1, rate: 0.4 })
 * // index through proxy.url …
 * console.log(formatFaultCounts(proxy.counts, proxy.requests))
 * await proxy.close()
 */
export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const rng = createPrng(opts.seed)
  const rate = opts.rate ?? 0.3
  const maxInARow = opts.maxInARow ?? 2
  const maxDelayMs = opts.maxDelayMs ?? 300
  const staleDepth = opts.staleDepth ?? 3
  const kinds = opts.kinds ?? FAULT_KINDS
  const counts = emptyFaultCounts()
  let requests = 0
  let inARow = 0

  const choose = (calls: RpcCall[], isBatch: boolean): FaultKind | undefined => {
    if (inARow >= maxInARow || rng.next() >= rate) {
      inARow = 0
      return undefined
    }
    const fits = kinds.filter(
      (k) =>
        (!BATCH_ONLY.has(k) || (isBatch && calls.length >= 2)) && (k !== 'staleHead' || calls.some(asksHead)),
    )
    if (!fits.length) return undefined
    inARow++
    // Head polls are a small share of the requests: give them their stale answer half the time.
    if (fits.includes('staleHead') && rng.next() < 0.5) return 'staleHead'
    return fits[rng.int(fits.length)]
  }

  const state = {
    url: '',
    counts,
    get requests() {
      return requests
    },
    enabled: true,
    close: async () => {},
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      requests++
      handle(Buffer.concat(chunks), req, res).catch(() => {
        if (!res.headersSent) res.writeHead(502).end()
        else res.destroy()
      })
    })
  })

  async function handle(body: Buffer, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let parsed: RpcCall | RpcCall[] | undefined
    try {
      parsed = JSON.parse(body.toString('utf8'))
    } catch {
      parsed = undefined
    }
    const isBatch = Array.isArray(parsed)
    const calls: RpcCall[] = parsed === undefined ? [] : isBatch ? (parsed as RpcCall[]) : [parsed as RpcCall]
    const kind = state.enabled && parsed !== undefined ? choose(calls, isBatch) : undefined
    if (kind) counts[kind]++

    switch (kind) {
      case 'drop':
        req.socket.destroy()
        return
      case 'http429':
        res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '1' }).end('too many requests')
        return
      case 'http5xx': {
        const status = [500, 502, 503, 504][rng.int(4)]
        res.writeHead(status, { 'content-type': 'text/plain' }).end(`upstream error ${status}`)
        return
      }
      case 'delay':
        await new Promise((r) => setTimeout(r, Math.floor(rng.next() * maxDelayMs)))
        break
    }

    let lag = 0
    if (kind === 'staleHead') {
      lag = 1 + rng.int(staleDepth)
      const head = Number(
        (
          (await forward(JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'eth_blockNumber' }))) as {
            result: string
          }
        ).result,
      )
      const older = `0x${Math.max(0, head - lag).toString(16)}`
      for (const c of calls)
        if (c.method === 'eth_getBlockByNumber' && c.params?.[0] === 'latest')
          c.params = [older, ...c.params.slice(1)]
      body = Buffer.from(JSON.stringify(parsed))
    }
    let text: string
    try {
      text = JSON.stringify(await forward(body))
    } catch {
      // The node itself failed (not a fault of ours): the client sees a gateway error.
      if (!res.headersSent) res.writeHead(502).end()
      return
    }
    if (kind === 'staleHead') {
      const answer = JSON.parse(text) as RpcAnswer | RpcAnswer[]
      const list = Array.isArray(answer) ? answer : [answer]
      for (const a of list) {
        const call = calls.find((c) => c.id === a?.id)
        if (a && call?.method === 'eth_blockNumber' && typeof a.result === 'string')
          a.result = `0x${Math.max(0, Number(a.result) - lag).toString(16)}`
      }
      text = JSON.stringify(answer)
    }
    send(res, kind, text)
  }

  function send(res: http.ServerResponse, kind: FaultKind | undefined, text: string): void {
    const json = (t: string) =>
      res
        .writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(t) })
        .end(t)
    switch (kind) {
      case 'cutMidBody': {
        const buf = Buffer.from(text)
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': buf.length })
        res.write(buf.subarray(0, Math.max(1, Math.floor(buf.length / 2))))
        setTimeout(() => res.destroy(), 5)
        return
      }
      case 'truncatedJson':
        json(text.slice(0, 1 + rng.int(Math.max(1, text.length - 1))))
        return
      case 'notJson':
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>')
        return
      case 'missingResult':
      case 'wrongId':
      case 'shortBatch':
      case 'nullInBatch':
      case 'reorderedBatch':
        json(JSON.stringify(mangle(kind, JSON.parse(text) as RpcAnswer | RpcAnswer[])))
        return
      default:
        json(text)
    }
  }

  function mangle(kind: FaultKind, answer: RpcAnswer | RpcAnswer[]): RpcAnswer | RpcAnswer[] {
    const list = Array.isArray(answer) ? answer : [answer]
    const i = rng.int(list.length)
    const one = list[i]
    switch (kind) {
      case 'missingResult':
        if (one) {
          delete one.result
          delete one.error
        }
        break
      case 'wrongId':
        if (one) one.id = typeof one.id === 'number' ? one.id + 1_000_003 : `${String(one.id)}-x`
        break
      case 'shortBatch':
        list.pop()
        break
      case 'nullInBatch':
        list[i] = null
        break
      case 'reorderedBatch':
        list.push(...list.splice(0, 1 + rng.int(list.length - 1)))
        break
    }
    return Array.isArray(answer) ? list : list[0]
  }

  async function forward(body: Buffer | string): Promise<unknown> {
    const upstream = await fetch(opts.target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body.toString(),
    })
    return upstream.json()
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  state.close = async () => {
    server.closeAllConnections()
    await new Promise((r) => server.close(() => r(undefined)))
  }
  return state
}

function asksHead(c: RpcCall): boolean {
  return c.method === 'eth_blockNumber' || (c.method === 'eth_getBlockByNumber' && c.params?.[0] === 'latest')
}
