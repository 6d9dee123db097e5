import http from 'node:http'
import type { GqlResponse } from './fixtureApi'

/**
 * POSTs a GraphQL request from a chosen loopback source address (127.0.0.2, ...: every 127/8
 * address is this machine), so one test can be several clients as the server sees them.
 *
 * @example
 * await postFrom(api.url, { query: '{ squidStatus { height } }' }, { from: '127.0.0.2' })
 */
export function postFrom(
  url: string,
  body: unknown,
  opts: { from?: string; headers?: Record<string, string> } = {},
): Promise<GqlResponse> {
  const data = typeof body === 'string' ? body : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        localAddress: opts.from,
        headers: { 'content-type': 'application/json', ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let parsed: unknown = text
          try {
            parsed = JSON.parse(text)
          } catch {}
          resolve({ status: res.statusCode ?? 0, body: parsed })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(data)
  })
}
