import { NonRetryableError } from '../errors'

/**
 * The oracle cannot run with the given manifest or options.
 *
 * @example
 * throw new OracleConfigError('the manifest must list InferenceRouter')
 */
export class OracleConfigError extends NonRetryableError {
  override name = 'OracleConfigError'
}
