import { createArtifactStore } from '../attribution/artifactStore'
import { readEvidenceEntry } from './readEvidenceEntry'
import { requireTrustedAuditors } from './requireTrustedAuditors'
import {
  type FileVerification,
  type VerifyEvidenceOptions,
  verifyEvidenceEntries,
} from './verifyEvidenceEntries'

/**
 * {@link verifyEvidenceEntries} for local evidence files, their artifacts from the local store
 * (`artifactDir`). The trusted auditors are checked before any file is read.
 *
 * @throws {ConfigError} no trusted auditor is configured.
 * @example
 * const results = await verifyEvidenceFiles(files, { artifactDir, trustedAuditors, source: { manifestPath } })
 */
export async function verifyEvidenceFiles(
  files: readonly string[],
  opts: VerifyEvidenceOptions & { artifactDir: string },
): Promise<FileVerification[]> {
  requireTrustedAuditors(opts.trustedAuditors)
  const store = createArtifactStore({ dir: opts.artifactDir })
  return verifyEvidenceEntries(
    files.map((file) => readEvidenceEntry(file, store)),
    opts,
  )
}
