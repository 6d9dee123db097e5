import { NonRetryableError, RetryableError } from '../errors'

/**
 * The indexer was asked to stop (its AbortSignal fired); thrown inside the processor loop to end it.
 *
 * @example
 * if (signal.aborted) throw new IndexerStoppedError()
 */
export class IndexerStoppedError extends NonRetryableError {
  override name = 'IndexerStoppedError'
  constructor() {
    super('The indexer was stopped.')
  }
}

/**
 * The manifest lists no contract the indexer knows how to index.
 *
 * @example
 * throw new EmptyManifestError('/data/manifest.json')
 */
export class EmptyManifestError extends NonRetryableError {
  override name = 'EmptyManifestError'
  constructor(source: string) {
    super(`The manifest ${source} lists no contracts to index.`)
  }
}

/**
 * The processor loop failed (RPC unreachable after retries, database lost); the caller may restart.
 *
 * @example
 * throw new IndexerFailedError({ cause })
 */
export class IndexerFailedError extends RetryableError {
  override name = 'IndexerFailedError'
  constructor(options: { cause?: unknown } = {}) {
    super('The indexer stopped on an error.', options)
  }
}
