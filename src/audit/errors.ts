import { NonRetryableError } from '../errors'

/**
 * The data an audit starts from is inconsistent or incomplete (a settlement without its request,
 * a model version never published). Distinct from an UNVERIFIABLE report: this is a broken source.
 *
 * @example
 * throw new AuditInputError('inference 12 was settled but its request is not in the logs')
 */
export class AuditInputError extends NonRetryableError {
  override name = 'AuditInputError'
}

/**
 * An evidence file is unreadable or of an unknown format.
 *
 * @example
 * throw new EvidenceFormatError('audit.json is not openledger-audit-evidence/1 evidence')
 */
export class EvidenceFormatError extends NonRetryableError {
  override name = 'EvidenceFormatError'
}

/**
 * The evidence's content does not hash to the hash its signature covers: it was changed after
 * signing.
 *
 * @example
 * throw new EvidenceHashMismatchError('the content hashes to 0xab…, the signed hash is 0xcd…')
 */
export class EvidenceHashMismatchError extends NonRetryableError {
  override name = 'EvidenceHashMismatchError'
}

/**
 * The signature is malformed, or does not recover to the auditor the file names.
 *
 * @example
 * throw new EvidenceSignatureError('the signature recovers 0x12…, not the stated auditor 0x34…')
 */
export class EvidenceSignatureError extends NonRetryableError {
  override name = 'EvidenceSignatureError'
}

/**
 * The evidence is signed by a key the verifier does not trust (`--auditor`, `TRUSTED_AUDITORS`).
 *
 * @example
 * throw new UntrustedSignerError('untrusted signer 0x12… (trusted: 0x34…)')
 */
export class UntrustedSignerError extends NonRetryableError {
  override name = 'UntrustedSignerError'
}

/**
 * An artifact the evidence names is missing from the store, or its bytes do not hash to its name,
 * or the evidence names other checkpoints than the model package does.
 *
 * @example
 * throw new EvidenceArtifactError('artifact hash mismatch: contributions artifact 0xab… hashes to 0xcd…', { cause })
 */
export class EvidenceArtifactError extends NonRetryableError {
  override name = 'EvidenceArtifactError'
}

/**
 * The settlement record in the evidence differs from the one rebuilt from the chain or the index.
 *
 * @example
 * throw new EvidenceRecordMismatchError('record.fee: file 100, chain 90')
 */
export class EvidenceRecordMismatchError extends NonRetryableError {
  override name = 'EvidenceRecordMismatchError'
}

/**
 * Recomputing the audit gives another verdict than the report in the evidence.
 *
 * @example
 * throw new EvidenceVerdictMismatchError('report.status: file VERIFIED, recomputed MISMATCH')
 */
export class EvidenceVerdictMismatchError extends NonRetryableError {
  override name = 'EvidenceVerdictMismatchError'
}
