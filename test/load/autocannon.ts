/**
 * autocannon runner for the explorer query mix (loopback only, bounded in time and connections).
 *   npm run load -- --url http://127.0.0.1:4350/graphql --duration 10 [--connections 16] [--rate 200] [--inferences 300000]
 * `--inferences` tells the mix which id ranges exist (see test/bench/api/seedIndexedData.ts).
 */
import autocannon from 'autocannon'
import { explorerMix, type MixQuery } from './explorerMix'

export type LoadOptions = {
  /** GraphQL endpoint; must be on the loopback interface (this runner never targets other hosts). */
  url: string
  /** Seconds to run (capped at 120). */
  durationSec: number
  /** Concurrent connections (capped at 128). @default 16 */
  connections?: number
  /** Fixed request rate over all connections (req/s); unset: as fast as possible. */
  rate?: number
  /** Stop after this many requests. */
  amount?: number
  /** Query mix. @default explorerMix(inferences) */
  mix?: MixQuery[]
  /** Size of the seeded data set the mix draws ids from. @default 2000 */
  inferences?: number
  /** PRNG seed for the id draws. @default 1 */
  seed?: number
}

export type LoadResult = {
  requests: number
  durationSec: number
  rps: number
  errors: number
  timeouts: number
  non2xx: number
  graphqlErrors: number
  /** Answers by HTTP status (e.g. { '200': 950, '429': 50 }); set by {@link runLoad}. */
  statusCodes?: Record<string, number>
  latencyMs: { p50: number; p90: number; p95: number; p99: number; max: number; mean: number }
}

/**
 * Runs the explorer mix against a local server with autocannon and summarises it. GraphQL-level
 * errors (HTTP 200 with `errors`) are counted apart from transport errors and non-2xx answers.
 *
 * @throws {Error} when `url` is not a loopback address.
 * @example
 * const r = await runLoad({ url: api.url, durationSec: 3, rate: 100 })
 * r.non2xx // 0
 */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const u = new URL(opts.url)
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(u.hostname))
    throw new Error(`load runner only targets loopback servers, got ${u.hostname}`)
  const mix = opts.mix ?? explorerMix(opts.inferences ?? 2000)
  const bag = mix.flatMap((q) => Array.from({ length: q.weight }, () => q))
  let state = opts.seed ?? 1
  const rand = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state / 2 ** 31
  }
  let graphqlErrors = 0
  const latencies: number[] = []
  const statusCodes: Record<string, number> = {}
  const options = {
    url: opts.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections: Math.min(opts.connections ?? 16, 128),
    duration: Math.min(opts.durationSec, 120),
    amount: opts.amount,
    overallRate: opts.rate,
    timeout: 10,
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => {
          const q = bag[Math.floor(rand() * bag.length)]
          return { ...req, body: JSON.stringify({ query: q.query, variables: q.variables(rand) }) }
        },
        onResponse: (_status: number, body: string) => {
          if (body.includes('"errors"')) graphqlErrors++
        },
      },
    ],
  } as unknown as autocannon.Options
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err, res) => (err ? reject(err) : resolve(res)))
    // Exact percentiles from every response time (autocannon's summary has no p95).
    instance.on('response', (_client, status, _bytes, ms) => {
      latencies.push(ms)
      statusCodes[status] = (statusCodes[status] ?? 0) + 1
    })
  })
  latencies.sort((a, b) => a - b)
  const q = (p: number) =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : 0
  const round = (x: number) => Math.round(x * 100) / 100
  return {
    requests: result.requests.total,
    durationSec: result.duration,
    rps: result.requests.average,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    graphqlErrors,
    statusCodes,
    latencyMs: {
      p50: round(q(50)),
      p90: round(q(90)),
      p95: round(q(95)),
      p99: round(q(99)),
      max: round(latencies[latencies.length - 1] ?? 0),
      mean: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
    },
  }
}

if (require.main === module) {
  const arg = (name: string, def?: string) => {
    const i = process.argv.indexOf(`--${name}`)
    return i > 0 ? process.argv[i + 1] : def
  }
  runLoad({
    url: arg('url', 'http://127.0.0.1:4350/graphql') as string,
    durationSec: Number(arg('duration', '10')),
    connections: Number(arg('connections', '16')),
    rate: arg('rate') ? Number(arg('rate')) : undefined,
    inferences: Number(arg('inferences', '2000')),
  }).then((r) => console.log(JSON.stringify(r, null, 2)))
}
