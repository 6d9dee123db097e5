import { NonRetryableError, RetryableError } from '../../errors'

/**
 * A dashboard or analytics argument is malformed (a date that is not ISO, an id that is not a
 * decimal number, an unknown bucket, a metric that cannot be grouped that way).
 *
 * @example
 * throw new AnalyticsInputError('model must be a decimal id, got "x"')
 */
export class AnalyticsInputError extends NonRetryableError {
  override name = 'AnalyticsInputError'
}

/**
 * The analytics store did not answer: it timed out, too many statements were waiting, it has not
 * synced its tables yet (`not_ready`), or the statement failed. Retryable: the store catches up
 * or frees up.
 *
 * @example
 * throw new AnalyticsUnavailableError('timeout', 'The analytics query ran past 5000 ms.')
 */
export class AnalyticsUnavailableError extends RetryableError {
  override name = 'AnalyticsUnavailableError'
  constructor(
    readonly reason: 'timeout' | 'busy' | 'not_ready' | 'failed',
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options)
  }
}

/**
 * A dashboard SQL file does not match its catalogue entry (other columns, an unknown `$name`):
 * a defect of this server, not of the request.
 *
 * @example
 * throw new DashboardDefinitionError('dashboards/x.sql names an unknown parameter $foo')
 */
export class DashboardDefinitionError extends NonRetryableError {
  override name = 'DashboardDefinitionError'
}
