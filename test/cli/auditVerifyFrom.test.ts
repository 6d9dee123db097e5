import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ApiServer, startApiServer } from '../../src/api/server/startApiServer'
import { type Evidence, readEvidence } from '../../src/audit/evidence'
import type { Devnet } from '../../src/chain/startDevnet'
import { keccak256Hex } from '../../src/crypto/keccak256Bytes'
import { runDemo } from '../../src/demo/runDemo'
import { writeManifest } from '../../src/manifest/manifest'
import { setupDatabase, type TestDatabase } from '../processor/helpers/database'
import { ROOT } from '../setup/chain'
import { startDemoChain } from '../setup/demoChain'
import { block, check, cli } from './runCli'

/** A raw GET (no URL normalisation, unlike fetch), so `..` reaches the server as sent. */
function rawGet(port: number, rawPath: string, method = 'GET') {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: rawPath, method }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        )
      })
      req.on('error', reject)
      req.end()
    },
  )
}
const code = (body: Buffer) => JSON.parse(body.toString()).errors[0].extensions.code

/**
 * The API serving a real auditor's evidence directory and artifact store (real anvil, a small demo
 * economy: 200 real emails, 3 paid inferences, audited by the `audit` command), and `audit verify
 * --from` checking it from the HTTP side only; plus servers that lie: one whose store was tampered
 * with, one that sends other bytes than asked, and hostile paths.
 */
describe('audit verify --from (evidence over HTTP)', () => {
  let devnet: Devnet
  let db: TestDatabase
  let tmp: string
  let storeDir: string
  let auditDir: string
  let settled: number
  let manifestFile: string
  let api: ApiServer
  let tampered: ApiServer
  let small: ApiServer
  let limited: ApiServer
  let tamperedDir: string
  let liar: http.Server
  let liarPort: number
  let name: string
  /** Another inference's file name, which the liar answers with `name`'s (valid, signed) evidence. */
  let swapped: string
  let evidence: Evidence
  const auditorKey = generatePrivateKey()
  const auditor = privateKeyToAccount(auditorKey).address
  const base = (server: { port: number }) => `http://127.0.0.1:${server.port}`

  beforeAll(async () => {
    const started = await startDemoChain(5)
    devnet = started.devnet
    const ctx = started.ctx
    storeDir = ctx.store.location
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-from-'))
    manifestFile = path.join(tmp, 'manifest.json')
    writeManifest(manifestFile, { ...ctx.manifest, rpcUrl: devnet.rpcUrl })
    const demo = await runDemo(ctx, { maxEmails: 200, inferences: 3, perRound: 3, device: 'cpu' })
    settled = demo.inferenceIds.length + demo.fineTune.inferenceIds.length
    auditDir = path.join(tmp, 'audits')
    const audit = await cli(
      ['audit', '--rpc-url', devnet.rpcUrl, '--manifest', manifestFile, '--out', auditDir, '--device', 'cpu'],
      { DATA_DIR: tmp, ARTIFACT_DIR: storeDir, AUDITOR_PRIVATE_KEY: auditorKey },
    )
    expect(audit.code, audit.stderr).toBe(0)
    ;[name, swapped] = fs.readdirSync(auditDir).filter((f) => f.endsWith('.json'))
    evidence = readEvidence(path.join(auditDir, name))

    // The contributions artifact replaced by another artifact's bytes in a copy of the store.
    tamperedDir = path.join(tmp, 'tampered-store')
    fs.cpSync(storeDir, tamperedDir, { recursive: true })
    const other = fs
      .readdirSync(storeDir)
      .find((f) => f.endsWith('.bin') && !f.startsWith(evidence.contributionsArtifact)) as string
    fs.copyFileSync(
      path.join(storeDir, other),
      path.join(tamperedDir, `${evidence.contributionsArtifact}.bin`),
    )

    db = await setupDatabase()
    const schemaText = fs.readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8')
    const serve = (
      evidenceOpts: { dir: string; artifactDir: string; maxBytes?: number },
      rateLimit?: { windowMs: number; max: number },
    ) =>
      startApiServer({
        ...(api ? { pool: api.pool } : { connection: db.settings }),
        schemaText,
        port: 0,
        options: { evidence: evidenceOpts, rateLimit, log: () => {} },
      })
    api = await serve({ dir: auditDir, artifactDir: storeDir })
    tampered = await serve({ dir: auditDir, artifactDir: tamperedDir })
    small = await serve({ dir: auditDir, artifactDir: storeDir, maxBytes: 200 })
    limited = await serve({ dir: auditDir, artifactDir: storeDir }, { windowMs: 60_000, max: 2 })

    // A server that answers the contributions artifact with other bytes (a 200, not a refusal).
    const otherBytes = fs.readFileSync(path.join(storeDir, other))
    liar = http.createServer(async (req, res) => {
      if (req.url === `/artifacts/${evidence.contributionsArtifact}`) return res.end(otherBytes)
      if (req.url === `/audits/${swapped}`) return res.end(fs.readFileSync(path.join(auditDir, name)))
      const upstream = await fetch(`${base(api)}${req.url}`)
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? '' })
      res.end(Buffer.from(await upstream.arrayBuffer()))
    })
    await new Promise<void>((r) => liar.listen(0, '127.0.0.1', r))
    liarPort = (liar.address() as AddressInfo).port
  }, 600_000)

  afterAll(async () => {
    await new Promise((r) => (liar ? liar.close(r) : r(undefined)))
    await limited?.close()
    await small?.close()
    await tampered?.close()
    await api?.close()
    await Promise.allSettled([devnet?.stop(), db?.stop()])
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
  })

  it('serves the listing, the file as stored and re-hashed artifacts with immutable caching', async () => {
    const list = await rawGet(api.port, '/audits/')
    expect(list.status).toBe(200)
    const files = fs.readdirSync(auditDir).filter((f) => /^inference-\d+\.json$/.test(f))
    expect(JSON.parse(list.body.toString()).files.sort()).toEqual(files.sort())
    // One per settled inference: the 3 asked, the compute providers' and the fine-tune's.
    expect(files.length).toBe(settled)

    const file = await rawGet(api.port, `/audits/${name}`)
    expect(file.status).toBe(200)
    expect(file.headers['content-type']).toMatch(/^application\/json/)
    expect(file.body.equals(fs.readFileSync(path.join(auditDir, name)))).toBe(true)

    const artifact = await rawGet(api.port, `/artifacts/${evidence.contributionsArtifact}`)
    expect(artifact.status).toBe(200)
    expect(artifact.headers['content-type']).toBe('application/octet-stream')
    expect(artifact.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(keccak256Hex(artifact.body)).toBe(evidence.contributionsArtifact)
    const head = await rawGet(api.port, `/artifacts/${evidence.contributionsArtifact}`, 'HEAD')
    expect([head.status, head.body.length, head.headers['content-length']]).toEqual([
      200,
      0,
      String(artifact.body.length),
    ])
  })

  it('refuses hostile paths, symlinks, writes, unknown hashes, tampered bytes and oversize files, always as named JSON', async () => {
    const secret = path.join(tmp, 'secret.txt')
    fs.writeFileSync(secret, 'SECRET-CONTENT')
    fs.symlinkSync(secret, path.join(auditDir, 'inference-999.json'))
    // Named by the secret's own hash, so only the symlink rule stands between it and a client.
    const secretHash = keccak256Hex(fs.readFileSync(secret))
    fs.symlinkSync(secret, path.join(storeDir, `${secretHash}.bin`))
    try {
      const cases: [string, string, number, string][] = [
        ['GET', '/audits/..%2f..%2fetc%2fpasswd', 400, 'BAD_REQUEST'],
        ['GET', '/audits/..%2fsecret.txt', 400, 'BAD_REQUEST'],
        ['GET', '/artifacts/../x', 404, 'NOT_FOUND'],
        ['GET', '/artifacts/..%2f..%2fsecret.txt', 400, 'BAD_REQUEST'],
        ['GET', '/audits/inference-999.json', 404, 'NOT_FOUND'],
        ['GET', `/artifacts/${secretHash}`, 404, 'NOT_FOUND'],
        ['GET', `/artifacts/0x${'ab'.repeat(32)}`, 404, 'NOT_FOUND'],
        ['POST', `/audits/${name}`, 405, 'METHOD_NOT_ALLOWED'],
        ['DELETE', `/artifacts/${evidence.contributionsArtifact}`, 405, 'METHOD_NOT_ALLOWED'],
      ]
      for (const [method, url, status, named] of cases) {
        const r = await rawGet(api.port, url, method)
        expect([url, r.status, code(r.body)]).toEqual([url, status, named])
        expect(r.body.toString()).not.toMatch(/SECRET|root:|at .*\.ts/)
      }
      const listed = JSON.parse((await rawGet(api.port, '/audits/')).body.toString()).files
      expect(listed).not.toContain('inference-999.json')

      const bad = await rawGet(tampered.port, `/artifacts/${evidence.contributionsArtifact}`)
      expect([bad.status, code(bad.body)]).toEqual([409, 'ARTIFACT_HASH_MISMATCH'])
      // Served (and remembered as verified), then changed in place: hashed again, refused.
      const inputFile = path.join(tamperedDir, `${evidence.record.inputHash}.bin`)
      const input = await rawGet(tampered.port, `/artifacts/${evidence.record.inputHash}`)
      expect([input.status, keccak256Hex(input.body)]).toEqual([200, evidence.record.inputHash])
      fs.writeFileSync(inputFile, Buffer.concat([fs.readFileSync(inputFile), Buffer.from(' ')]))
      const changed = await rawGet(tampered.port, `/artifacts/${evidence.record.inputHash}`)
      expect([changed.status, code(changed.body)]).toEqual([409, 'ARTIFACT_HASH_MISMATCH'])
      const big = await rawGet(small.port, `/audits/${name}`)
      expect([big.status, code(big.body)]).toEqual([413, 'FILE_TOO_LARGE'])
      expect(big.body.toString()).not.toContain(evidence.evidenceHash)
      const statuses = []
      for (const url of ['/audits/', `/audits/${name}`, `/artifacts/${evidence.contributionsArtifact}`])
        statuses.push((await rawGet(limited.port, url)).status)
      expect(statuses).toEqual([200, 200, 429])
      expect(code((await rawGet(limited.port, '/audits/')).body)).toBe('RATE_LIMITED')
    } finally {
      fs.rmSync(path.join(auditDir, 'inference-999.json'))
      fs.rmSync(path.join(storeDir, `${secretHash}.bin`))
    }
  })

  it('verifies every file of /audits/ from HTTP alone, against the trusted key and the chain', async () => {
    const r = await cli(
      [
        'audit',
        'verify',
        '--from',
        `${base(api)}/audits/`,
        '--auditor',
        auditor,
        '--rpc-url',
        devnet.rpcUrl,
        '--manifest',
        manifestFile,
        '--device',
        'cpu',
      ],
      // An empty local store: every artifact has to come over HTTP.
      { ARTIFACT_DIR: path.join(tmp, 'empty-store') },
    )
    expect(r.code, r.stdout + r.stderr).toBe(0)
    for (const f of fs.readdirSync(auditDir).filter((x) => x.endsWith('.json'))) {
      const lines = block(r.stdout, `${base(api)}/audits/${f}`)
      expect(lines[0]).toMatch(/^OK {2}http.*: inference \d+ (VERIFIED|MISMATCH|UNVERIFIABLE)$/)
      expect(check(lines, 'signer')).toBe(`ok      signer: ${auditor} is a trusted auditor`)
      expect(check(lines, 'record')).toBe("ok      record: equal to the chain's, field by field")
      expect(check(lines, 'artifacts')).toMatch(
        /^ok {6}artifacts: contributions, model package, \d+ checkpoints and input re-hash$/,
      )
      expect(check(lines, 'recomputation')).toMatch(/^ok {6}recomputation: \w+, byte-identical$/)
    }
    expect(fs.existsSync(path.join(tmp, 'empty-store'))).toBe(false)
  })

  it('names the artifact a tampered server refuses, and the bytes a lying server sends', async () => {
    const fromTampered = `${base(tampered)}/audits/${name}`
    const fromLiar = `http://127.0.0.1:${liarPort}/audits/${name}`
    const r = await cli([
      'audit',
      'verify',
      '--from',
      fromTampered,
      fromLiar,
      '--auditor',
      auditor,
      '--device',
      'cpu',
    ])
    expect(r.code, r.stdout + r.stderr).toBe(1)
    const a = evidence.contributionsArtifact
    const t = block(r.stdout, fromTampered)
    expect(check(t, 'artifacts')).toMatch(
      new RegExp(
        `^FAILED {2}artifacts: EvidenceArtifactError: missing artifact: contributions artifact ${a} \\(${base(tampered)}/artifacts/${a}: 409 ARTIFACT_HASH_MISMATCH: The bytes stored as ${a} hash to 0x[0-9a-f]{64}; not served\\.\\)$`,
      ),
    )
    expect(check(t, 'signer')).toBe(`ok      signer: ${auditor} is a trusted auditor`)
    expect(check(t, 'recomputation')).toBe('skipped recomputation: artifacts did not check out')
    const l = block(r.stdout, fromLiar)
    expect(check(l, 'artifacts')).toMatch(
      new RegExp(
        `^FAILED {2}artifacts: EvidenceArtifactError: artifact hash mismatch: contributions artifact ${a} hashes to 0x[0-9a-f]{64}$`,
      ),
    )
    expect(r.stdout).toContain('2 of 2 evidence files did not verify')
  })

  it("refuses another inference's valid evidence served under the requested name", async () => {
    const url = `http://127.0.0.1:${liarPort}/audits/${swapped}`
    const r = await cli(['audit', 'verify', '--from', url, '--auditor', auditor, '--device', 'cpu'])
    expect(r.code, r.stdout + r.stderr).toBe(1)
    const asked = /inference-(\d+)\.json/.exec(swapped)?.[1]
    expect(asked).not.toBe(evidence.report.inferenceId)
    expect(block(r.stdout, url)).toEqual([
      `BAD ${url}`,
      `  FAILED  name: EvidenceNameMismatchError: ${url} was asked for inference ${asked} and holds the evidence of inference ${evidence.report.inferenceId}`,
    ])
  })

  it('refuses a download over the size limit, and anything but http(s)', async () => {
    const url = `${base(api)}/audits/${name}`
    const r = await cli(['audit', 'verify', '--from', url, '--max-bytes', '200', '--auditor', auditor])
    expect(r.code).toBe(1)
    const size = fs.statSync(path.join(auditDir, name)).size
    expect(block(r.stdout, url)).toEqual([
      `BAD ${url}`,
      `  FAILED  download: DownloadRefusedError: ${url}: ${size} bytes exceeds the limit of 200 bytes`,
    ])
    const file = await cli([
      'audit',
      'verify',
      '--from',
      `file://${path.join(auditDir, name)}`,
      '--auditor',
      auditor,
    ])
    expect(file.code).toBe(1)
    expect(file.stderr).toContain('is not an http(s) URL')
  })
})
