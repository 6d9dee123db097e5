/**
 * Leaf errors of downloading evidence and artifacts. A network failure, a timeout or a busy server
 * may go away ({@link DownloadFailedError}); a refusal, a redirect or an oversize body will not
 * ({@link DownloadRefusedError}).
 */
import { NonRetryableError, RetryableError } from '../errors'

/**
 * The server could not be reached, timed out, or answered 5xx / 429 after the retries.
 *
 * @example
 * throw new DownloadFailedError(`${url}: timed out after 30000 ms`, { cause })
 */
export class DownloadFailedError extends RetryableError {
  override name = 'DownloadFailedError'
}

/**
 * The server refused (4xx, with its `extensions.code` when it sent one), redirected, sent more
 * than the size limit, or the URL is not http(s).
 *
 * @example
 * throw new DownloadRefusedError(`${url}: 404 NOT_FOUND: No artifact named 0x….bin.`)
 */
export class DownloadRefusedError extends NonRetryableError {
  override name = 'DownloadRefusedError'
}

/**
 * The file downloaded as `inference-<id>.json` holds another inference's evidence: a server
 * answering one name with another (valid, signed) file would otherwise make the verifier check
 * the wrong settlement and report the requested one as fine.
 *
 * @example
 * throw new EvidenceNameMismatchError(`${url} was asked for inference 3 and holds the evidence of inference 10`)
 */
export class EvidenceNameMismatchError extends NonRetryableError {
  override name = 'EvidenceNameMismatchError'
}
