import { untilAborted } from '../util/untilAborted'
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
  return untilAborted(signal)
}
