import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { DownloadLimits } from './downloadBytes'
import { downloadEvidence, type RemoteEvidence } from './downloadEvidence'

/**
 * Downloads evidence from `urls` ({@link downloadEvidence}) into a private temporary directory,
 * hands it to `use`, and removes the directory when `use` is done (or fails): what arrives is
 * checked before use, but nobody else should swap it meanwhile, and nothing of it stays behind.
 *
 * @throws {DownloadRefusedError} a URL is not http(s), or a listing cannot be read.
 * @throws {DownloadFailedError} a listing's server is unreachable.
 * @example
 * const results = await withDownloadedEvidence(['http://127.0.0.1:4350/audits/'], limits, (entries) =>
 *   verifyEvidenceEntries(entries, opts),
 * )
 */
export async function withDownloadedEvidence<T>(
  urls: readonly string[],
  limits: DownloadLimits,
  use: (entries: RemoteEvidence[]) => Promise<T>,
): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openledger-verify-'))
  try {
    return await use(await downloadEvidence(urls, { dir, limits }))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
