import type { ArtifactStore } from '../attribution/artifactStore'
import type { BaseError } from '../errors'
import { EvidenceFormatError } from './errors'
import { type Evidence, readEvidence } from './evidence'

/** An evidence file read (or the format or download error that stopped it being read), and the artifact store its artifacts come from. */
export type EvidenceEntry = {
  file: string
  evidence?: Evidence
  error?: BaseError
  store: ArtifactStore
}

/**
 * Reads a local evidence file into an entry; a format error is kept in it, not thrown.
 *
 * @example
 * const entry = readEvidenceEntry('.data/audits/inference-3.json', store)
 */
export function readEvidenceEntry(file: string, store: ArtifactStore): EvidenceEntry {
  try {
    return { file, evidence: readEvidence(file), store }
  } catch (err) {
    if (err instanceof EvidenceFormatError) return { file, error: err, store }
    throw err
  }
}
