import { NonRetryableError, RetryableError } from '../errors'

/**
 * The requested port is already taken by another process.
 *
 * @example
 * throw new PortInUseError(8545)
 */
export class PortInUseError extends NonRetryableError {
  override name = 'PortInUseError'
  constructor(port: number, options: { cause?: unknown } = {}) {
    super(`Port ${port} on 127.0.0.1 is already in use.`, {
      ...options,
      metaMessages: ['Pick another port (ANVIL_PORT) or leave it unset to use a free one.'],
    })
  }
}
