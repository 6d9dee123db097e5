import { BaseError } from '../errors'

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
