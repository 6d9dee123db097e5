import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EvidenceServing, evidenceRoutes } from '../../src/api/server/evidenceRoutes'
import { createArtifactStore } from '../../src/attribution/artifactStore'
import { keccak256Hex } from '../../src/crypto/keccak256Bytes'

type Got = { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

/** GET over a real socket, body read to the end. */
function get(port: number, url: string): Promise<Got> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: url, agent: false }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        )
        res.on('error', reject)
      })
      .on('error', reject)
  })
}

/**
 * GET whose client reads nothing once headers arrive; `drain` then reads what is left and
 * resolves with the bytes received before the connection ended (whole or cut).
 */
function stalled(
  port: number,
  url: string,
): Promise<{ res: http.IncomingMessage; drain(): Promise<number> }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: url, agent: false }, (res) => {
        res.pause()
        const drain = () =>
          new Promise<number>((done) => {
            let n = 0
            res.on('data', (c: Buffer) => {
              n += c.length
            })
            res.on('error', () => {})
            res.once('close', () => done(n))
            res.resume()
          })
        resolve({ res, drain })
      })
      .on('error', reject)
  })
}

const code = (r: Got) => JSON.parse(r.body.toString()).errors[0].extensions.code as string

/**
 * `/audits/` and `/artifacts/` on a real HTTP server over real files: only artifacts that some
 * evidence file references are served, hashing is shared between concurrent requests and
 * remembered (mismatches too), and stalled clients cannot hold more than the stream limit.
 */
describe('evidence routes', () => {
  let tmp: string
  let dir: string
  let artifactDir: string
  const servers: http.Server[] = []
  const hashed: string[] = []
  const bytes: Record<string, Buffer> = {}
  const h: Record<string, string> = {}

  const serve = async (serving: Partial<EvidenceServing>) => {
    const app = express()
    app.use(
      evidenceRoutes(
        { dir, artifactDir, onHash: (x) => hashed.push(x), ...serving },
        { rateLimit: false, corsOrigin: false, log: () => {} },
      ),
    )
    const server = http.createServer(app)
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    servers.push(server)
    return (server.address() as AddressInfo).port
  }
  const writeEvidence = (id: number, fields: Record<string, unknown>) =>
    fs.writeFileSync(path.join(dir, `inference-${id}.json`), JSON.stringify({ format: 'x', ...fields }))

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-serving-'))
    dir = path.join(tmp, 'audits')
    artifactDir = path.join(tmp, 'artifacts')
    fs.mkdirSync(dir)
    const store = createArtifactStore({ dir: artifactDir })
    const put = async (name: string, b: Buffer) => {
      bytes[name] = b
      h[name] = await store.put(new Uint8Array(b))
    }
    for (const name of [
      'contributions',
      'input',
      'weights',
      'onnx',
      'text',
      'private input',
      'feature cache',
    ])
      await put(name, Buffer.from(`${name} bytes`))
    // Large enough that a client that stops reading stalls the socket.
    await put('big', Buffer.alloc(24 << 20, 7))
    await put(
      'package',
      Buffer.from(
        JSON.stringify({
          checkpoints: [{ weights: h.weights, onnx: h.onnx }],
          training: [{ contentHash: h.text }],
        }),
      ),
    )
    writeEvidence(1, {
      contributionsArtifact: h.contributions,
      record: { artifactHash: h.package, inputHash: h.input },
      checkpoints: [{ weights: h.weights, onnx: h.onnx }],
    })
    writeEvidence(2, { contributionsArtifact: h.big, record: {}, checkpoints: [] })
  })
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections()
      await new Promise((r) => s.close(r))
    }
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
  })

  it('serves only artifacts an evidence file references (directly or through its package); the whole store only when asked', async () => {
    const port = await serve({})
    for (const name of ['contributions', 'package', 'input', 'weights', 'onnx', 'text']) {
      const r = await get(port, `/artifacts/${h[name]}`)
      expect([name, r.status, r.body.equals(bytes[name])]).toEqual([name, 200, true])
    }
    for (const name of ['private input', 'feature cache']) {
      const r = await get(port, `/artifacts/${h[name]}`)
      expect([name, r.status, code(r)]).toEqual([name, 404, 'NOT_FOUND'])
      expect(r.body.toString()).not.toContain('bytes')
    }
    // Evidence written later references the private input: served after the next rescan.
    writeEvidence(3, { contributionsArtifact: h['private input'], record: {}, checkpoints: [] })
    await new Promise((r) => setTimeout(r, 2_100))
    expect((await get(port, `/artifacts/${h['private input']}`)).status).toBe(200)
    fs.rmSync(path.join(dir, 'inference-3.json'))

    const all = await serve({ artifacts: 'all' })
    const r = await get(all, `/artifacts/${h['feature cache']}`)
    expect([r.status, r.body.equals(bytes['feature cache'])]).toEqual([200, true])
  })

  it('hashes an artifact once for many concurrent requests, and remembers a mismatch', async () => {
    const port = await serve({ streams: { maxStreams: 100 } })
    hashed.length = 0
    const first = await Promise.all(Array.from({ length: 8 }, () => get(port, `/artifacts/${h.big}`)))
    expect(first.map((r) => r.status)).toEqual(Array(8).fill(200))
    expect(first.every((r) => keccak256Hex(r.body) === h.big)).toBe(true)
    // The package was hashed once too, when the server first read which artifacts are referenced.
    expect(hashed.filter((x) => x !== h.package)).toEqual([h.big])

    // Corrupted in place (new mtime and ctime): hashed again, once, and refused; then remembered.
    const file = path.join(artifactDir, `${h.input}.bin`)
    expect((await get(port, `/artifacts/${h.input}`)).status).toBe(200)
    fs.writeFileSync(file, 'tampered')
    hashed.length = 0
    const bad = await Promise.all(Array.from({ length: 10 }, () => get(port, `/artifacts/${h.input}`)))
    expect(bad.map((r) => [r.status, code(r)])).toEqual(Array(10).fill([409, 'ARTIFACT_HASH_MISMATCH']))
    const again = await Promise.all(Array.from({ length: 10 }, () => get(port, `/artifacts/${h.input}`)))
    expect(again.map((r) => r.status)).toEqual(Array(10).fill(409))
    expect(hashed).toEqual([h.input])
    fs.writeFileSync(file, bytes.input)
  })

  it('does not count the server hashing a large artifact as the client being idle', async () => {
    // onHash runs before the file is read: blocking there stands for a slow disk or a loaded
    // machine, and lasts longer than the idle timeout before the first byte can be sent.
    const port = await serve({
      streams: { idleTimeoutMs: 1_000 },
      onHash: () => {
        const until = Date.now() + 2_000
        while (Date.now() < until);
      },
    })
    const r = await get(port, `/artifacts/${h.big}`)
    expect([r.status, r.body.length]).toEqual([200, bytes.big.length])
  })

  it('answers 503 SERVER_BUSY beyond the stream limit, and drops clients that stop reading', async () => {
    const port = await serve({ streams: { maxStreams: 2, idleTimeoutMs: 500 } })
    const a = await stalled(port, `/artifacts/${h.big}`)
    const b = await stalled(port, '/audits/inference-1.json')
    expect([a.res.statusCode, b.res.statusCode]).toEqual([200, 200])
    // b's small file is sent whole; its slot is free once the response finishes.
    expect(await b.drain()).toBe(fs.statSync(path.join(dir, 'inference-1.json')).size)
    const c = await stalled(port, `/artifacts/${h.big}`)
    expect(c.res.statusCode).toBe(200)
    const busy = await get(port, `/artifacts/${h.contributions}`)
    expect([busy.status, code(busy), busy.headers['retry-after']]).toEqual([503, 'SERVER_BUSY', '1'])
    // Neither stalled reader moves: after the idle timeout both are dropped, freeing their slots.
    await new Promise((r) => setTimeout(r, 1_500))
    const after = await get(port, `/artifacts/${h.big}`)
    expect([after.status, after.body.length]).toEqual([200, bytes.big.length])
    const cut = await Promise.all([a.drain(), c.drain()])
    expect(cut.every((n) => n < bytes.big.length)).toBe(true)
  })
})
