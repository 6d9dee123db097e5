import { BaseError, failureReason, NonRetryableError, RetryableError } from '../errors'

/**
 * A supervised part's run returned although nobody stopped it: a part runs until its signal aborts.
 *
 * @example
 * throw new PartEndedError('indexer')
 */
export class PartEndedError extends RetryableError {
  override name = 'PartEndedError'
  constructor(part: string) {
    super(`The ${part} stopped by itself.`)
  }
}

/**
 * The devnet's anvil process exited while the stack was running. Not restarted: a new anvil would
 * be a new, empty chain, and the index of the old one would be wrong for it.
 *
 * @example
 * throw new DevnetExitedError({ code: null, signal: 'SIGKILL' })
 */
export class DevnetExitedError extends NonRetryableError {
  override name = 'DevnetExitedError'
  constructor(exit: { code: number | null; signal: NodeJS.Signals | null }) {
    super(
      `anvil exited (${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}); the devnet is gone and is not restarted.`,
      { details: 'A restarted anvil would be a new, empty chain. Restart `start` for a new devnet.' },
    )
  }
}

/**
 * A part failed in a way retrying cannot fix (a {@link NonRetryableError}: a reorg deeper than the
 * finality, a bad manifest, anvil gone) before the stack served anything, during the initial index.
 * Nothing would ever become ready, so the start ends, after stopping what it started, instead of
 * waiting forever; once the stack serves, such a failure is restarted and reported on `/health`.
 *
 * @example
 * throw new StackStartError('indexer', new DeepReorgError({ height: 12, indexedHash, chainHash }))
 */
export class StackStartError extends NonRetryableError {
  override name = 'StackStartError'
  constructor(part: string, cause: unknown) {
    super(`The ${part} failed before the initial index was complete: ${failureReason(cause)}`, {
      cause,
      // The reason above has the cause's message and the first line of its details already.
      details: '',
      metaMessages: [
        ...(cause instanceof BaseError ? (cause.metaMessages ?? []) : []),
        'Everything the start began was stopped. Fix the cause and start again.',
      ],
    })
  }
}
