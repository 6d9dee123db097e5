import http from 'node:http'
import type { LoadResult } from './autocannon'
import { explorerMix, type MixQuery } from './explorerMix'

/**
 * Open-loop load at an exact request rate: request i is due at start + i/rate and its latency is
 * measured from that due time, so a stalled server shows up in the percentiles (no coordinated
 * omission). autocannon's own rate mode sends each second's requests in a burst, which measures
 * queueing inside the burst rather than the server.
 *
 * @throws {Error} when `url` is not a loopback address.
 * @example
 * const r = await runFixedRate({ url, rate: 500, durationSec: 10 })
 */
export async function runFixedRate(opts: {
  url: string
  rate: number
  durationSec: number
  mix?: MixQuery[]
  inferences?: number
  seed?: number
  /** Most requests in flight before new ones count as errors (client overload guard). @default 256 */
  maxInFlight?: number
}): Promise<LoadResult> {
  const u = new URL(opts.url)
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(u.hostname))
    throw new Error(`load runner only targets loopback servers, got ${u.hostname}`)
  const mix = opts.mix ?? explorerMix(opts.inferences ?? 2000)
  const bag = mix.flatMap((q) => Array.from({ length: q.weight }, () => q))
  let state = opts.seed ?? 1
  const rand = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state / 2 ** 31
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxInFlight ?? 256 })
  const total = Math.floor(opts.rate * opts.durationSec)
  const latencies: number[] = []
  let errors = 0
  let non2xx = 0
  let graphqlErrors = 0
  let inFlight = 0
  const start = performance.now()
  const done: Promise<void>[] = []
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const q = bag[Math.floor(rand() * bag.length)]
      const body = JSON.stringify({ query: q.query, variables: q.variables(rand) })
      inFlight++
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c) => chunks.push(c))
          res.on('end', () => {
            inFlight--
            latencies.push(performance.now() - due)
            if ((res.statusCode ?? 0) >= 300) non2xx++
            else if (Buffer.concat(chunks).includes('"errors"')) graphqlErrors++
            resolve()
          })
        },
      )
      req.on('error', () => {
        inFlight--
        errors++
        resolve()
      })
      req.end(body)
    })
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / opts.rate
    const wait = due - performance.now()
    if (wait > 1) await new Promise((r) => setTimeout(r, wait))
    if (inFlight >= (opts.maxInFlight ?? 256)) {
      errors++
      continue
    }
    done.push(send(due))
  }
  await Promise.all(done)
  agent.destroy()
  const seconds = (performance.now() - start) / 1000
  latencies.sort((a, b) => a - b)
  const q = (p: number) =>
    Math.round(
      (latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0) * 100,
    ) / 100
  return {
    requests: latencies.length,
    durationSec: Math.round(seconds * 10) / 10,
    rps: Math.round((latencies.length / seconds) * 10) / 10,
    errors,
    timeouts: 0,
    non2xx,
    graphqlErrors,
    latencyMs: {
      p50: q(50),
      p90: q(90),
      p95: q(95),
      p99: q(99),
      max: q(100),
      mean: Math.round((latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)) * 100) / 100,
    },
  }
}
