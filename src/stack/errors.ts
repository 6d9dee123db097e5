import { NonRetryableError, RetryableError } from '../errors'

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
