/**
 * An AbortSignal that aborts (reason: the signal's name) on the first SIGINT or SIGTERM from the
 * moment it is called, so a long-running command can stop its children cleanly in whatever phase
 * it is: starting, indexing or serving. Later signals are swallowed while that happens: a
 * terminal's Ctrl-C reaches every process of the group, and launchers such as tsx relay it once
 * more, so one keypress can arrive twice — without a listener the second would kill the process
 * mid-shutdown and orphan anvil and PostgreSQL. A third signal forces the exit.
 *
 * @example
 * const shutdown = shutdownSignal()
 * const devnet = await startDevnet()
 * shutdown.throwIfAborted() // Ctrl-C while it started: stop it instead of going on
 */
export function shutdownSignal(): AbortSignal {
  const controller = new AbortController()
  let received = 0
  const onSignal = (signal: NodeJS.Signals) => {
    received++
    if (received === 1) controller.abort(signal)
    else if (received >= 3) process.exit(130)
  }
  process.on('SIGINT', () => onSignal('SIGINT'))
  process.on('SIGTERM', () => onSignal('SIGTERM'))
  return controller.signal
}
