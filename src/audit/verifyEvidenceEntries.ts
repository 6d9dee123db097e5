import type { Address } from 'viem'
import type { ArtifactStore } from '../attribution/artifactStore'
import type { ModelScorerCache } from '../attribution/modelScorer'
import { createAuditScorers } from './createAuditScorers'
import { EvidenceFormatError } from './errors'
import { loadRecordSource, type RecordSourceOptions } from './loadRecordSource'
import type { EvidenceEntry } from './readEvidenceEntry'
import { requireTrustedAuditors } from './requireTrustedAuditors'
import { type EvidenceVerification, verifyEvidence } from './verifyEvidence'

/** One file's outcome: its verification, or the format (or download) error that stopped it being read. */
export type FileVerification = Omit<EvidenceEntry, 'store'> & { result?: EvidenceVerification }

export type VerifyEvidenceOptions = {
  trustedAuditors: readonly Address[]
  /** Where records are rebuilt from (chain, index, or neither). */
  source: RecordSourceOptions
  /** Where the recomputation runs. @default 'auto' */
  device?: NonNullable<Parameters<typeof createAuditScorers>[1]>['device']
}

/**
 * `audit verify`'s work: checks each evidence entry against the trusted auditors, the chain or the
 * index when asked ({@link loadRecordSource}, loaded once for every entry's inference) and the
 * entry's own artifact store (local, or a server's for `--from`). Features are recomputed, never
 * taken from the store's feature-cache refs. A file malformed inside gets an
 * {@link EvidenceFormatError} in its outcome and the others are still checked.
 *
 * @throws {ConfigError} no trusted auditor is configured.
 * @example
 * const results = await verifyEvidenceEntries(files.map((f) => readEvidenceEntry(f, store)), opts)
 * const bad = results.filter((r) => !r.result?.ok).length
 */
export async function verifyEvidenceEntries(
  entries: readonly EvidenceEntry[],
  opts: VerifyEvidenceOptions,
): Promise<FileVerification[]> {
  requireTrustedAuditors(opts.trustedAuditors)
  const results: FileVerification[] = entries.map(({ store: _store, ...r }) => ({ ...r }))
  const ids = results.flatMap((r) => (r.evidence ? [r.evidence.record.inferenceId] : []))
  const source = await loadRecordSource(opts.source, ids)
  const scorers = new Map<ArtifactStore, ModelScorerCache>()
  try {
    for (const [i, r] of results.entries()) {
      if (!r.evidence) continue
      const store = entries[i].store
      let scorer = scorers.get(store)
      if (!scorer) {
        scorer = createAuditScorers(store, {
          device: opts.device,
          trustFeatureCache: false,
        })
        scorers.set(store, scorer)
      }
      try {
        r.result = await verifyEvidence(r.evidence, {
          store,
          scorers: scorer,
          trustedAuditors: opts.trustedAuditors,
          source,
        })
      } catch (cause) {
        // A file well-formed at the top but malformed inside must not stop the others' checks.
        r.error = new EvidenceFormatError(`${r.file} could not be checked`, { cause })
      }
    }
  } finally {
    for (const scorer of scorers.values()) await scorer.close()
  }
  return results
}
