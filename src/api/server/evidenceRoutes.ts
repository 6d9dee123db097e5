import { constants } from 'node:fs'
import { type FileHandle, open, readdir, realpath } from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream'
import cors from 'cors'
import express, { type Response } from 'express'
import createKeccak from 'keccak'
import { EVIDENCE_FILE_RE } from '../../audit/evidence'
import { jsonError } from './httpErrors'
import { rateLimiter } from './rateLimiter'

/** What `startApiServer` serves under `/audits/` and `/artifacts/`. */
export type EvidenceServing = {
  /** Directory of the auditor's evidence files (`<DATA_DIR>/audits`). */
  dir: string
  /** The content-addressed artifact store (`ARTIFACT_DIR`). */
  artifactDir: string
  /** Largest file served, bytes; larger ones are refused with 413 FILE_TOO_LARGE. @default 256 MiB */
  maxBytes?: number
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
 * sent). Names must match a strict pattern, symlinks are never followed, files above `maxBytes`
 * are refused, other methods get 405; every refusal is JSON with `extensions.code`.
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
  // Artifacts already re-hashed, by the identity of the file that was hashed: a file written or
  // replaced since has another inode, size, mtime or ctime (ctime cannot be set back), so it is
  // hashed again; a hot artifact is not re-read per request.
  const verified = new Map<string, string>()
  const router = express.Router()
  const paths = ['/audits', '/audits/:name', '/artifacts/:hash']
  router.use(
    ['/audits', '/artifacts'],
    ...(opts.rateLimit === false ? [] : [rateLimiter(opts.rateLimit)]),
    ...(opts.corsOrigin === false ? [] : [cors({ origin: opts.corsOrigin, methods: ['GET', 'HEAD'] })]),
  )
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
    const file = await openUnder(serving.dir, name, maxBytes, res, 'evidence file')
    if (!file) return
    res.set({ 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' })
    send(file, res)
  })
  router.get('/artifacts/:hash', async (req, res) => {
    const hash = String(req.params.hash).toLowerCase()
    if (!ARTIFACT_NAME_RE.test(hash))
      return jsonError(res, 400, 'BAD_REQUEST', 'Not an artifact hash (0x and 64 hex digits).')
    const file = await openUnder(serving.artifactDir, `${hash}.bin`, maxBytes, res, 'artifact')
    if (!file) return
    if (verified.get(hash) === file.identity) return sendArtifact(file, hash, res)
    let actual: string
    try {
      actual = await keccakOf(file)
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
    if (verified.size >= 10_000) verified.delete(verified.keys().next().value as string)
    verified.set(hash, file.identity)
    sendArtifact(file, hash, res)
  })
  router.all(paths, (_req, res) => {
    res.set('Allow', 'GET, HEAD')
    jsonError(res, 405, 'METHOD_NOT_ALLOWED', 'Evidence and artifacts are read-only: GET or HEAD.')
  })
  return router
}

type OpenFile = { handle: FileHandle; size: number; identity: string }

/**
 * Opens `dir/name` for reading, or answers 404/413 and returns undefined. `name` has no separator
 * (checked by the callers' patterns); the directory is resolved to its real path and the file is
 * opened with O_NOFOLLOW, so neither `..` nor a symlink in the directory reaches anything outside.
 */
async function openUnder(
  dir: string,
  name: string,
  maxBytes: number,
  res: Response,
  what: string,
): Promise<OpenFile | undefined> {
  const notFound = () => jsonError(res, 404, 'NOT_FOUND', `No ${what} named ${name}.`)
  const real = await realpath(dir).catch(() => undefined)
  const file = real && path.join(real, name)
  if (!real || !file || path.dirname(file) !== real) return void notFound()
  let handle: FileHandle
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW)
  } catch {
    return void notFound()
  }
  const stat = await handle.stat().catch(async (err) => {
    await handle.close()
    throw err
  })
  if (!stat.isFile()) {
    await handle.close()
    return void notFound()
  }
  if (stat.size > maxBytes) {
    await handle.close()
    return void jsonError(
      res,
      413,
      'FILE_TOO_LARGE',
      `The ${what} ${name} has ${stat.size} bytes; this server sends at most ${maxBytes}.`,
    )
  }
  return {
    handle,
    size: stat.size,
    identity: `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`,
  }
}

/** keccak256 of the file's first `size` bytes, read in chunks (memory stays bounded). */
async function keccakOf(file: OpenFile): Promise<string> {
  const hasher = createKeccak('keccak256')
  const buf = Buffer.allocUnsafe(Math.min(1 << 20, Math.max(1, file.size)))
  let position = 0
  while (position < file.size) {
    const { bytesRead } = await file.handle.read(buf, 0, Math.min(buf.length, file.size - position), position)
    if (bytesRead === 0) break
    hasher.update(buf.subarray(0, bytesRead))
    position += bytesRead
  }
  return `0x${hasher.digest().toString('hex')}`
}

function sendArtifact(file: OpenFile, hash: string, res: Response): void {
  res.set({
    'Content-Type': 'application/octet-stream',
    // Content-addressed: the name commits to the bytes, so they can be cached forever.
    'Cache-Control': 'public, max-age=31536000, immutable',
    ETag: `"${hash}"`,
  })
  send(file, res)
}

/** Streams exactly the first `size` bytes from the open file (a file growing meanwhile sends no more). */
function send(file: OpenFile, res: Response): void {
  res.set({ 'Content-Length': String(file.size), 'X-Content-Type-Options': 'nosniff' })
  if (res.req.method === 'HEAD' || file.size === 0) {
    res.end()
    void file.handle.close()
    return
  }
  // pipeline closes the file when the client goes away halfway, and drops the connection when a read fails.
  pipeline(file.handle.createReadStream({ start: 0, end: file.size - 1, autoClose: true }), res, () => {})
}
