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
