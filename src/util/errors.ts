import { NonRetryableError } from '../errors'

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

/**
 * No `package.json` of this project above a directory: the code runs outside its checkout (a
 * moved bundle) and cannot find contracts/, db/ or dashboards/.
 *
 * @example
 * throw new RepoRootNotFoundError('/tmp/elsewhere')
 */
export class RepoRootNotFoundError extends NonRetryableError {
  override name = 'RepoRootNotFoundError'
  constructor(from: string) {
    super(`The repository root (this project's package.json) was not found above ${from}.`)
  }
}
