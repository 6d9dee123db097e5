/**
 * Error hierarchy shared by every part of the project.
 *
 * Every error we throw on purpose is a {@link BaseError}. The two direct subclasses tell a caller
 * (the processor's batch loop, the oracle, the CLI) what to do without string matching:
 * {@link RetryableError} — try again later (RPC timeout, database connection lost);
 * {@link NonRetryableError} — retrying cannot help (bad input, tampered artifact, wrong chain).
 * Leaf classes live next to the code that throws them (`src/<part>/errors.ts`).
 */

export type BaseErrorOptions = {
  /** The underlying error, kept for logs and `--verbose` output. */
  cause?: unknown
  /** Longer explanation for humans (shown under the short message). */
  details?: string
  /** Extra lines printed between the short message and the details, e.g. "RPC: http://…". */
  metaMessages?: string[]
}

/**
 * Root of every error thrown on purpose by this project.
 *
 * @example
 * class ThingMissingError extends NonRetryableError {
 *   override name = 'ThingMissingError'
 *   constructor(id: string) { super(`Thing ${id} does not exist.`) }
 * }
 */
export abstract class BaseError extends Error {
  override name = 'BaseError'
  /** One-line description without meta lines or cause. */
  readonly shortMessage: string
  readonly details?: string
  readonly metaMessages?: string[]
  /** Whether the same operation may succeed if tried again later. */
  abstract readonly retryable: boolean

  constructor(shortMessage: string, options: BaseErrorOptions = {}) {
    const causeText = options.cause instanceof Error ? options.cause.message : undefined
    const details = options.details ?? causeText
    const message = [
      shortMessage,
      ...(options.metaMessages?.length ? ['', ...options.metaMessages] : []),
      ...(details ? ['', `Details: ${details}`] : []),
    ].join('\n')
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.shortMessage = shortMessage
    this.details = details
    this.metaMessages = options.metaMessages
  }

  /**
   * Walks the `cause` chain and returns the first error matching `predicate` (or the deepest one).
   *
   * @example
   * err.walk((e) => e instanceof RpcUnreachableError)
   */
  walk(predicate?: (err: unknown) => boolean): unknown {
    let current: unknown = this
    while (current instanceof Error) {
      if (predicate?.(current)) return current
      if (current.cause === undefined) break
      current = current.cause
    }
    return predicate ? undefined : current
  }
}

/**
 * A failure that may go away by itself: network, timeouts, a database restarting.
 *
 * @example
 * throw new RpcTimeoutError(url, { cause }) // extends RetryableError
 */
export abstract class RetryableError extends BaseError {
  override name = 'RetryableError'
  readonly retryable = true
}

/**
 * A failure that retrying cannot fix: invalid input, mismatching hashes, misconfiguration.
 *
 * @example
 * throw new ConfigError('RPC_URL must be an http(s) URL') // extends NonRetryableError
 */
export abstract class NonRetryableError extends BaseError {
  override name = 'NonRetryableError'
  readonly retryable = false
}

/**
 * A configuration value is missing or malformed.
 *
 * @example
 * throw new ConfigError('ANVIL_PORT must be an integer between 1 and 65535, got "abc".')
 */
export class ConfigError extends NonRetryableError {
  override name = 'ConfigError'
}

/**
 * True when `err` is one of ours and says retrying may help.
 *
 * @example
 * if (isRetryable(err)) await sleep(backoff)
 */
export function isRetryable(err: unknown): boolean {
  return err instanceof BaseError && err.retryable
}

/**
 * One line (at most 500 characters) saying why something failed, for logs, `/health` and the
 * indexer's skipped-log reason: the error's name and short message, plus the first line of its
 * details (for ours, usually the cause's message).
 *
 * @example
 * failureReason(new DevnetExitedError({ code: null, signal: 'SIGKILL' }))
 * // 'DevnetExitedError: anvil exited (signal SIGKILL); ... (A restarted anvil would be ...)'
 */
export function failureReason(err: unknown): string {
  if (err instanceof BaseError) {
    const details = err.details?.split('\n')[0]?.trim()
    return `${err.name}: ${err.shortMessage}${details ? ` (${details})` : ''}`.slice(0, 500)
  }
  if (err instanceof Error) return `${err.name}: ${err.message.split('\n')[0]}`.slice(0, 500)
  return `thrown: ${String(err)}`.slice(0, 500)
}
