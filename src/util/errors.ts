import { NonRetryableError } from '../errors'

/**
 * No folder above the starting point holds both package.json and contracts/: the code runs from
 * outside a checkout of this repository.
 *
 * @example
 * throw new RepoRootNotFoundError('/tmp/elsewhere')
 */
export class RepoRootNotFoundError extends NonRetryableError {
  override name = 'RepoRootNotFoundError'
  constructor(from: string) {
    super(`repository root not found above ${from}`)
  }
}
