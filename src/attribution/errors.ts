/**
 * Leaf errors of the attribution engine. Nearly all are {@link NonRetryableError}: a missing or
 * tampered artifact, or an inference nobody in the datanet supports, does not fix itself on retry.
 */
import { NonRetryableError, RetryableError } from '../errors'

/**
 * No artifact with this content hash is in the store.
 *
 * @example
 * throw new ArtifactNotFoundError('0xabc…', '/data/artifacts')
 */
export class ArtifactNotFoundError extends NonRetryableError {
  override name = 'ArtifactNotFoundError'
  readonly hash: string
  constructor(hash: string, location: string, options: { cause?: unknown; details?: string } = {}) {
    super(`Artifact ${hash} not found.`, { ...options, metaMessages: [`Store: ${location}`] })
    this.hash = hash
  }
}

/**
 * The bytes stored under a hash do not hash to it: the artifact was tampered with or corrupted.
 *
 * @example
 * throw new ArtifactHashMismatchError(expected, actual)
 */
export class ArtifactHashMismatchError extends NonRetryableError {
  override name = 'ArtifactHashMismatchError'
  readonly expected: string
  readonly actual: string
  constructor(expected: string, actual: string) {
    super(`Artifact content does not match its hash ${expected}.`, {
      details: `Content hashes to ${actual}.`,
    })
    this.expected = expected
    this.actual = actual
  }
}

/**
 * Bytes could not be decoded as the expected artifact kind (wrong magic, version or length).
 *
 * @example
 * throw new ArtifactFormatError('checkpoint', 'bad magic')
 */
export class ArtifactFormatError extends NonRetryableError {
  override name = 'ArtifactFormatError'
  constructor(kind: string, reason: string) {
    super(`Malformed ${kind} artifact: ${reason}.`)
  }
}

/**
 * No training example has a positive influence on the inference, so there is nobody to pay.
 *
 * @example
 * if (positives.length === 0) throw new NoPositiveAttributionError()
 */
export class NoPositiveAttributionError extends NonRetryableError {
  override name = 'NoPositiveAttributionError'
  constructor() {
    super('No contribution has a positive attribution score for this inference.')
  }
}

/**
 * Arguments with inconsistent shapes or values (checkpoint widths, batch sizes, top-k).
 *
 * @example
 * throw new AttributionInputError('h must have 257 entries per checkpoint, got 256')
 */
export class AttributionInputError extends NonRetryableError {
  override name = 'AttributionInputError'
}

/**
 * The requested execution provider cannot run here (e.g. 'cuda' without a CUDA build of onnxruntime).
 *
 * @example
 * throw new ExecutionProviderUnavailableError('cuda', { cause })
 */
export class ExecutionProviderUnavailableError extends NonRetryableError {
  override name = 'ExecutionProviderUnavailableError'
  constructor(provider: string, options: { cause?: unknown } = {}) {
    super(`Execution provider '${provider}' is not available.`, { cause: options.cause })
  }
}

/**
 * A derived-cache entry (or the cache itself) cannot be trusted: wrong format, another key's
 * entry, or content that does not match its keyed hash. The entry is removed and rebuilt.
 *
 * @example
 * onRejected(new DerivedCacheIntegrityError(key, 'content does not match its keyed hash', file))
 */
export class DerivedCacheIntegrityError extends NonRetryableError {
  override name = 'DerivedCacheIntegrityError'
  readonly key: string
  constructor(key: string, reason: string, location?: string, options: { cause?: unknown } = {}) {
    super(`Derived cache entry ${key} rejected: ${reason}.`, {
      cause: options.cause,
      ...(location ? { metaMessages: [`Location: ${location}`] } : {}),
    })
    this.key = key
  }
}

/**
 * A file came out shorter than its size said when it was opened: something rewrote it meanwhile.
 * Retryable: the writer finishes and a second read sees the whole file.
 *
 * @example
 * throw new FileChangedWhileReadingError('/data/derived/ab.bin', 1024, 4096)
 */
export class FileChangedWhileReadingError extends RetryableError {
  override name = 'FileChangedWhileReadingError'
  constructor(file: string, at: number, size: number) {
    super(`${file} ended at ${at} of ${size} bytes`)
  }
}

/**
 * The query worker got a request before its `init` message (a bug in the calling side).
 *
 * @example
 * throw new QueryWorkerNotReadyError()
 */
export class QueryWorkerNotReadyError extends NonRetryableError {
  override name = 'QueryWorkerNotReadyError'
  constructor() {
    super('query worker used before init')
  }
}
