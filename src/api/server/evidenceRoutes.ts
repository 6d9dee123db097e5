import { readdir } from 'node:fs/promises'
import { pipeline } from 'node:stream'
import cors from 'cors'
import express, { type Response } from 'express'
import { EVIDENCE_FILE_RE } from '../../audit/evidence'
import { createArtifactHashCache } from './artifactHashCache'
import { jsonError } from './httpErrors'
import { type OpenFile, openFileUnder } from './openFileUnder'
import { rateLimiter } from './rateLimiter'
import { createReferencedArtifacts } from './referencedArtifacts'
import { type StreamLimits, streamGate } from './streamGate'

type StreamGate = ReturnType<typeof streamGate>

/** What `startApiServer` serves under `/audits/` and `/artifacts/`. */
export type EvidenceServing = {
  /** Directory of the auditor's evidence files (`<DATA_DIR>/audits`). */
  dir: string
  /** The content-addressed artifact store (`ARTIFACT_DIR`). */
  artifactDir: string
  /** Largest file served, bytes; larger ones are refused with 413 FILE_TOO_LARGE. @default 256 MiB */
  maxBytes?: number
  /**
   * Which artifacts `/artifacts/` serves: 'referenced' (those an evidence file in `dir` names,
   * directly or through its model package: what `audit verify --from` reads) or 'all' (the whole
   * store: a private deployment that wants it). @default 'referenced'
   */
  artifacts?: 'referenced' | 'all'
  /** Concurrency and timeouts of file responses. @default 64 streams, 30 s idle, 10 min per response */
  streams?: StreamLimits
  /** Told each time an artifact file is actually read and hashed (metrics, tests). */
  onHash?: (hash: string) => void
}

const ARTIFACT_NAME_RE = /^0x[0-9a-fA-F]{64}$/
/**
 * Largest evidence file or artifact served unless `maxBytes` says otherwise: 256 MiB.
 *
 * @example
 * startApiServer({ ...args, options: { evidence: { dir, artifactDir, maxBytes: DEFAULT_EVIDENCE_MAX_BYTES / 4 } } })
 */
export const DEFAULT_EVIDENCE_MAX_BYTES = 256 * 1024 * 1024

/**
 * Read-only routes that let an auditor elsewhere fetch what `audit verify` needs:
 * `GET /audits/` (the evidence file names, JSON), `GET /audits/inference-<id>.json` (the file as
 * stored) and `GET /artifacts/0x<keccak256>` (the artifact's bytes, re-hashed before a byte is
 * sent; by default only artifacts some evidence file references). Names must match a strict
 * pattern, symlinks are never followed, files above `maxBytes` are refused, responses beyond
 * `streams.maxStreams` get 503, other methods 405; every refusal is JSON with `extensions.code`.
 *
 * @example
 * app.use(evidenceRoutes({ dir: '.data/audits', artifactDir: '.data/artifacts' }, { rateLimit: false, corsOrigin: true, log }))
 */
export function evidenceRoutes(
  serving: EvidenceServing,
  opts: {
    rateLimit: { windowMs: number; max: number } | false
    corsOrigin: boolean | string | string[]
    log: (line: string) => void
  },
): express.Router {
  const maxBytes = serving.maxBytes ?? DEFAULT_EVIDENCE_MAX_BYTES
  // Hashes by the identity of the file hashed (a file written or replaced since is hashed again),
  // shared while in flight, mismatches included: a hot or a tampered artifact is read once.
  const hashes = createArtifactHashCache({ onHash: serving.onHash })
  const referenced =
    serving.artifacts === 'all'
      ? undefined
      : createReferencedArtifacts({ dir: serving.dir, artifactDir: serving.artifactDir, maxBytes, hashes })
  const gate = streamGate(serving.streams)
  const router = express.Router()
  const paths = ['/audits', '/audits/:name', '/artifacts/:hash']
  const guards = [
    ...(opts.rateLimit === false ? [] : [rateLimiter(opts.rateLimit)]),
    ...(opts.corsOrigin === false ? [] : [cors({ origin: opts.corsOrigin, methods: ['GET', 'HEAD'] })]),
  ]
  if (guards.length > 0) router.use(['/audits', '/artifacts'], ...guards)
  router.get('/audits', async (_req, res) => {
    const entries = await readdir(serving.dir, { withFileTypes: true }).catch(() => [])
    const files = entries
      .filter((e) => e.isFile() && EVIDENCE_FILE_RE.test(e.name))
      .map((e) => e.name)
      .sort((a, b) => a.length - b.length || (a < b ? -1 : 1))
    res.set('Cache-Control', 'no-cache').json({ files })
  })
  router.get('/audits/:name', async (req, res) => {
    const name = String(req.params.name)
    if (!EVIDENCE_FILE_RE.test(name))
      return jsonError(res, 400, 'BAD_REQUEST', 'Not an evidence file name (inference-<id>.json).')
    if (!gate.admit(res)) return
    const file = await openOrRefuse(serving.dir, name, maxBytes, res, 'evidence file')
    if (!file) return
    res.set({ 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' })
    send(file, res, gate)
  })
  router.get('/artifacts/:hash', async (req, res) => {
    const hash = String(req.params.hash).toLowerCase()
    if (!ARTIFACT_NAME_RE.test(hash))
      return jsonError(res, 400, 'BAD_REQUEST', 'Not an artifact hash (0x and 64 hex digits).')
    // Same answer as an absent one: whether the store holds an unreferenced artifact is not told.
    if (referenced && !(await referenced.has(hash)))
      return jsonError(res, 404, 'NOT_FOUND', `No artifact named ${hash}.bin.`)
    if (!gate.admit(res)) return
    const file = await openOrRefuse(serving.artifactDir, `${hash}.bin`, maxBytes, res, 'artifact')
    if (!file) return
    let actual: string
    try {
      actual = await hashes.actualHash(hash, file)
    } catch (err) {
      await file.handle.close()
      throw err
    }
    if (actual !== hash) {
      await file.handle.close()
      opts.log(`[api] artifact ${hash} does not re-hash (its bytes hash to ${actual}); not served`)
      return jsonError(
        res,
        409,
        'ARTIFACT_HASH_MISMATCH',
        `The bytes stored as ${hash} hash to ${actual}; not served.`,
      )
    }
    sendArtifact(file, hash, res, gate)
  })
  router.all(paths, (_req, res) => {
    res.set('Allow', 'GET, HEAD')
    jsonError(res, 405, 'METHOD_NOT_ALLOWED', 'Evidence and artifacts are read-only: GET or HEAD.')
  })
  return router
}

/** Opens `dir/name` (see {@link openFileUnder}), or answers 404/413 and returns undefined. */
async function openOrRefuse(
  dir: string,
  name: string,
  maxBytes: number,
  res: Response,
  what: string,
): Promise<OpenFile | undefined> {
  const file = await openFileUnder(dir, name, maxBytes)
  if (!('refused' in file)) return file
  if (file.refused === 'too-large')
    return void jsonError(
      res,
      413,
      'FILE_TOO_LARGE',
      `The ${what} ${name} has ${file.size} bytes; this server sends at most ${maxBytes}.`,
    )
  return void jsonError(res, 404, 'NOT_FOUND', `No ${what} named ${name}.`)
}

function sendArtifact(file: OpenFile, hash: string, res: Response, gate: StreamGate): void {
  res.set({
    'Content-Type': 'application/octet-stream',
    // Content-addressed: the name commits to the bytes, so they can be cached forever.
    'Cache-Control': 'public, max-age=31536000, immutable',
    ETag: `"${hash}"`,
  })
  send(file, res, gate)
}

/** Streams exactly the first `size` bytes from the open file (a file growing meanwhile sends no more). */
function send(file: OpenFile, res: Response, gate: StreamGate): void {
  gate.sending(res)
  res.set({ 'Content-Length': String(file.size), 'X-Content-Type-Options': 'nosniff' })
  if (res.req.method === 'HEAD' || file.size === 0) {
    res.end()
    void file.handle.close()
    return
  }
  // pipeline closes the file when the client goes away halfway, and drops the connection when a read fails.
  pipeline(file.handle.createReadStream({ start: 0, end: file.size - 1, autoClose: true }), res, () => {})
}
