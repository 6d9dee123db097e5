import fs from 'node:fs'
import path from 'node:path'
import type { ArtifactStore } from '../attribution/artifactStore'
import { EVIDENCE_FILE_RE, type Evidence, parseEvidence } from '../audit/evidence'
import { BaseError } from '../errors'
import { assertHttpUrl, type DownloadLimits, downloadBytes } from './downloadBytes'
import { DownloadRefusedError, EvidenceNameMismatchError } from './errors'
import { createRemoteArtifactStore } from './remoteArtifactStore'

/** One downloaded evidence file, ready for `verifyEvidence`, or why it is not. */
export type RemoteEvidence = {
  /** The URL it came from (what `audit verify` prints). */
  file: string
  evidence?: Evidence
  /** The download or format failure that stopped it being read. */
  error?: BaseError
  /** Artifacts of the server it came from, fetched on demand into a private directory. */
  store: ArtifactStore
}

/**
 * Downloads evidence from `urls`: each is an evidence file (`…/audits/inference-3.json`) or a
 * listing (`…/audits/`, every file it names). The text gets the same format checks as a local
 * file, and must be the evidence of the inference its name asks for ({@link EvidenceNameMismatchError}
 * otherwise); artifacts come from the same server's `/artifacts/`, one private store per server under
 * `dir` (see {@link createRemoteArtifactStore}). Names a listing gives must look like evidence
 * file names, so a hostile listing cannot point elsewhere on the host.
 *
 * @throws {DownloadRefusedError} a URL is not http(s), or a listing cannot be read.
 * @throws {DownloadFailedError} a listing's server is unreachable.
 * @example
 * const entries = await downloadEvidence(['http://127.0.0.1:4350/audits/'], { dir: tmp, limits })
 */
export async function downloadEvidence(
  urls: readonly string[],
  opts: { dir: string; limits: DownloadLimits },
): Promise<RemoteEvidence[]> {
  const files: string[] = []
  for (const url of urls) {
    const parsed = assertHttpUrl(url)
    if (EVIDENCE_FILE_RE.test(path.posix.basename(parsed.pathname))) files.push(parsed.href)
    else files.push(...(await listing(parsed, opts.limits)))
  }
  const stores = new Map<string, ArtifactStore>()
  const storeOf = (url: string) => {
    const base = new URL('../artifacts/', url).href
    let store = stores.get(base)
    if (!store) {
      const dir = path.join(opts.dir, `artifacts-${stores.size}`)
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
      store = createRemoteArtifactStore({ baseUrl: base, dir, limits: opts.limits })
      stores.set(base, store)
    }
    return store
  }
  const out: RemoteEvidence[] = []
  for (const file of files) {
    const store = storeOf(file)
    try {
      const text = new TextDecoder('utf-8', { fatal: false }).decode(await downloadBytes(file, opts.limits))
      const evidence = parseEvidence(text, file)
      assertNamedInference(file, evidence)
      out.push({ file, evidence, store })
    } catch (err) {
      if (!(err instanceof BaseError)) throw err
      out.push({ file, error: err, store })
    }
  }
  return out
}

/**
 * Throws unless the evidence downloaded from `…/inference-<id>.json` is inference `<id>`'s, in
 * both its record and its report (a signed file names one inference; the URL asked for one).
 */
function assertNamedInference(url: string, evidence: Evidence): void {
  const asked = /^inference-([0-9]+)\.json$/.exec(path.posix.basename(new URL(url).pathname))?.[1]
  const held = [evidence.record.inferenceId.toString(), evidence.report.inferenceId]
  if (asked === undefined || held.some((id) => id !== BigInt(asked).toString()))
    throw new EvidenceNameMismatchError(
      `${url} was asked for inference ${asked === undefined ? '(no id)' : BigInt(asked).toString()} and holds the evidence of inference ${held[0]}${held[1] !== held[0] ? ` (report: ${held[1]})` : ''}`,
    )
}

/** The evidence URLs a `/audits/` listing names. */
async function listing(url: URL, limits: DownloadLimits): Promise<string[]> {
  const base = new URL(url.href.endsWith('/') ? url.href : `${url.href}/`)
  const bytes = await downloadBytes(base.href, { ...limits, maxBytes: Math.min(limits.maxBytes, 64 << 20) })
  let files: unknown
  try {
    files = (JSON.parse(new TextDecoder().decode(bytes)) as { files?: unknown }).files
  } catch (cause) {
    throw new DownloadRefusedError(`${base.href} is not an evidence listing (JSON)`, { cause })
  }
  if (!Array.isArray(files))
    throw new DownloadRefusedError(`${base.href} is not an evidence listing (no "files")`)
  const bad = files.find((f) => typeof f !== 'string' || !EVIDENCE_FILE_RE.test(f))
  if (bad !== undefined)
    throw new DownloadRefusedError(
      `${base.href} lists "${String(bad).slice(0, 100)}", not an evidence file name`,
    )
  return (files as string[]).map((f) => new URL(f, base).href)
}
