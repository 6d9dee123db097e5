import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { EVIDENCE_FILE_RE } from '../../audit/evidence'
import type { ArtifactHashCache } from './artifactHashCache'
import { openFileUnder } from './openFileUnder'

/** The artifacts some evidence file names, directly or through the model package it names. */
export type ReferencedArtifacts = {
  /** Whether `hash` (lower case) is referenced; a miss re-reads what changed in the directory, at most once per `minRefreshMs`. */
  has(hash: string): Promise<boolean>
}

const HASH_RE = /^0x[0-9a-f]{64}$/

/**
 * What `audit verify --from` reads for the evidence in `dir`: each file's contributions artifact,
 * model package, checkpoints (weights and ONNX) and inference input, and each package's
 * checkpoints and training texts. A package is read from `artifactDir` and used only if it
 * re-hashes to its name. Files are re-read only when new or changed (name, size, mtime), and a
 * miss triggers that scan at most once per `minRefreshMs`, so requests for unknown hashes cannot
 * make the server re-read the directory in a loop.
 *
 * @example
 * const referenced = createReferencedArtifacts({ dir, artifactDir, maxBytes, hashes })
 * if (!(await referenced.has(hash))) return notFound()
 */
export function createReferencedArtifacts(opts: {
  dir: string
  artifactDir: string
  maxBytes: number
  hashes: ArtifactHashCache
  /** @default 2000 */
  minRefreshMs?: number
}): ReferencedArtifacts {
  const minRefreshMs = opts.minRefreshMs ?? 2000
  /** Per evidence file: its version and the hashes it references. */
  const files = new Map<string, { version: string; hashes: string[] }>()
  /** Per model package (immutable: content-addressed): what it references, or none when unreadable. */
  const packages = new Map<string, string[]>()
  let referenced = new Set<string>()
  let lastScan = Number.NEGATIVE_INFINITY
  let scanning: Promise<void> | undefined

  const packageRefs = async (hash: string): Promise<string[]> => {
    const known = packages.get(hash)
    if (known) return known
    const file = await openFileUnder(opts.artifactDir, `${hash}.bin`, opts.maxBytes)
    if ('refused' in file) return [] // not remembered: it may be stored later
    try {
      if ((await opts.hashes.actualHash(hash, file)) !== hash) return []
      const bytes = Buffer.alloc(file.size)
      await file.handle.read(bytes, 0, file.size, 0)
      const pkg = JSON.parse(bytes.toString('utf8')) as {
        checkpoints?: { weights?: unknown; onnx?: unknown }[]
        training?: { contentHash?: unknown }[]
      }
      const refs = hashesIn([
        ...(Array.isArray(pkg.checkpoints) ? pkg.checkpoints.flatMap((c) => [c?.weights, c?.onnx]) : []),
        ...(Array.isArray(pkg.training) ? pkg.training.map((t) => t?.contentHash) : []),
      ])
      packages.set(hash, refs)
      return refs
    } catch {
      packages.set(hash, [])
      return []
    } finally {
      await file.handle.close()
    }
  }

  const evidenceRefs = async (name: string): Promise<string[]> => {
    const file = await openFileUnder(opts.dir, name, opts.maxBytes)
    if ('refused' in file) return []
    let e: {
      contributionsArtifact?: unknown
      record?: { artifactHash?: unknown; inputHash?: unknown }
      checkpoints?: { weights?: unknown; onnx?: unknown }[]
    }
    try {
      const bytes = Buffer.alloc(file.size)
      await file.handle.read(bytes, 0, file.size, 0)
      e = JSON.parse(bytes.toString('utf8'))
    } catch {
      return []
    } finally {
      await file.handle.close()
    }
    const direct = hashesIn([
      e?.contributionsArtifact,
      e?.record?.artifactHash,
      e?.record?.inputHash,
      ...(Array.isArray(e?.checkpoints) ? e.checkpoints.flatMap((c) => [c?.weights, c?.onnx]) : []),
    ])
    const pkg = hashesIn([e?.record?.artifactHash])[0]
    return pkg ? [...direct, ...(await packageRefs(pkg))] : direct
  }

  const scan = async () => {
    const entries = await readdir(opts.dir, { withFileTypes: true }).catch(() => [])
    const seen = new Set<string>()
    for (const entry of entries) {
      if (!entry.isFile() || !EVIDENCE_FILE_RE.test(entry.name)) continue
      seen.add(entry.name)
      const s = await stat(path.join(opts.dir, entry.name)).catch(() => undefined)
      if (!s) continue
      const version = `${s.ino}:${s.size}:${s.mtimeMs}`
      if (files.get(entry.name)?.version === version) continue
      files.set(entry.name, { version, hashes: await evidenceRefs(entry.name) })
    }
    for (const name of files.keys()) if (!seen.has(name)) files.delete(name)
    referenced = new Set([...files.values()].flatMap((f) => f.hashes))
  }

  return {
    async has(hash) {
      if (referenced.has(hash)) return true
      if (!scanning && Date.now() - lastScan >= minRefreshMs) {
        lastScan = Date.now()
        scanning = scan().finally(() => {
          scanning = undefined
        })
      }
      if (scanning) await scanning
      return referenced.has(hash)
    },
  }
}

function hashesIn(values: unknown[]): string[] {
  return values.flatMap((v) =>
    typeof v === 'string' && HASH_RE.test(v.toLowerCase()) ? [v.toLowerCase()] : [],
  )
}
