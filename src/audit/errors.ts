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
