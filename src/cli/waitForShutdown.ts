import { shutdownSignal } from './shutdownSignal'

/**
 * Resolves on the first SIGINT or SIGTERM ({@link shutdownSignal}: later ones are swallowed while
 * the command stops its children, a third forces the exit); with `signal`, when that one aborts.
 *
 * @example
 * await waitForShutdown()
 * await devnet.stop()
 */
export function waitForShutdown(signal: AbortSignal = shutdownSignal()): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(signal.reason)
    signal.addEventListener('abort', () => resolve(signal.reason), { once: true })
  })
}
