/**
 * Resolves with `signal`'s reason once it aborts (at once when it already has): how a long-running
 * command waits for Ctrl-C after starting everything.
 *
 * @example
 * const reason = await untilAborted(shutdownSignal()) // 'SIGINT'
 * await devnet.stop()
 */
export function untilAborted<T = unknown>(signal: AbortSignal): Promise<T> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(signal.reason)
    signal.addEventListener('abort', () => resolve(signal.reason), { once: true })
  })
}
