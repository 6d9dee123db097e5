import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DownloadFailedError, DownloadRefusedError, downloadBytes } from '../../src/remoteEvidence'

/** A real HTTP server whose routes misbehave in the ways `downloadBytes` must survive. */
describe('downloadBytes', () => {
  let server: http.Server
  let url: string
  let busy = 0
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/ok') return res.end('hello')
      if (req.url === '/busy-once') {
        if (busy++ === 0) return res.writeHead(429, { 'retry-after': '1' }).end()
        return res.end('after the wait')
      }
      if (req.url === '/always-busy') return res.writeHead(503).end()
      if (req.url === '/redirect') return res.writeHead(302, { location: 'http://example.invalid/x' }).end()
      if (req.url === '/refused')
        return res.writeHead(404, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            errors: [{ message: 'No artifact named x.', extensions: { code: 'NOT_FOUND' } }],
          }),
        )
      if (req.url === '/declared-big')
        return res.writeHead(200, { 'content-length': '1000' }).end('x'.repeat(1000))
      // Chunked, no Content-Length: only counting the body catches it.
      if (req.url === '/endless') {
        res.writeHead(200)
        const timer = setInterval(() => res.write('x'.repeat(1024)), 1)
        res.on('close', () => clearInterval(timer))
        return
      }
      if (req.url === '/slow') return setTimeout(() => res.end('late'), 2000)
      res.writeHead(500).end()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise((r) => server.close(r)))

  const limits = { maxBytes: 100, timeoutMs: 5000, attempts: 2 }
  const fails = async (path: string, opts = limits) => {
    try {
      await downloadBytes(`${url}${path}`, opts)
    } catch (err) {
      return err as Error & { shortMessage: string }
    }
    throw new Error(`${path} did not fail`)
  }

  it('returns the body, and waits out a 429 with Retry-After', async () => {
    expect(new TextDecoder().decode(await downloadBytes(`${url}/ok`, limits))).toBe('hello')
    const started = Date.now()
    expect(new TextDecoder().decode(await downloadBytes(`${url}/busy-once`, limits))).toBe('after the wait')
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
  })

  it('names each refusal and failure', async () => {
    const cases: [string, typeof DownloadRefusedError | typeof DownloadFailedError, string][] = [
      ['/refused', DownloadRefusedError, `${url}/refused: 404 NOT_FOUND: No artifact named x.`],
      [
        '/redirect',
        DownloadRefusedError,
        `${url}/redirect: 302 redirect to http://example.invalid/x (not followed)`,
      ],
      [
        '/declared-big',
        DownloadRefusedError,
        `${url}/declared-big: 1000 bytes exceeds the limit of 100 bytes`,
      ],
      ['/endless', DownloadRefusedError, `${url}/endless: the body exceeds the limit of 100 bytes`],
      ['/always-busy', DownloadFailedError, `${url}/always-busy: 503`],
      ['/broken', DownloadFailedError, `${url}/broken: 500`],
    ]
    for (const [path, kind, message] of cases) {
      const err = await fails(path)
      expect([path, err instanceof kind, err.shortMessage]).toEqual([path, true, message])
    }
    const slow = await fails('/slow', { ...limits, timeoutMs: 300 })
    expect([slow instanceof DownloadFailedError, slow.shortMessage]).toEqual([
      true,
      `${url}/slow: timed out after 300 ms`,
    ])
    await expect(downloadBytes('file:///etc/passwd', limits)).rejects.toThrow(DownloadRefusedError)
    await expect(downloadBytes('ftp://127.0.0.1/x', limits)).rejects.toThrow('is not an http(s) URL')
  })
})
