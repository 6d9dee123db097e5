import { createArtifactStore } from '../attribution/artifactStore'
import type { Config } from '../config'
import { readEvidenceEntry } from './readEvidenceEntry'
import { requireTrustedAuditors } from './requireTrustedAuditors'
import {
  type FileVerification,
  type VerifyEvidenceOptions,
  verifyEvidenceEntries,
} from './verifyEvidenceEntries'

/**
 * {@link verifyEvidenceEntries} for local evidence files, their artifacts from the local store
 * (`config.artifactDir`). The trusted auditors are checked before any file is read.
 *
 * @throws {ConfigError} no trusted auditor is configured.
 * @example
 * const results = await verifyEvidenceFiles(files, { config, trustedAuditors, useChain: true, useIndex: false })
 */
export async function verifyEvidenceFiles(
  files: readonly string[],
  opts: VerifyEvidenceOptions & { config: Pick<Config, 'artifactDir'> },
): Promise<FileVerification[]> {
  requireTrustedAuditors(opts.trustedAuditors)
  const store = createArtifactStore({ dir: opts.config.artifactDir })
  return verifyEvidenceEntries(
    files.map((file) => readEvidenceEntry(file, store)),
    opts,
  )
}
