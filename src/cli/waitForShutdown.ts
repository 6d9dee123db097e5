/**
 * Resolves on the first SIGINT or SIGTERM, so a long-running command can stop its children
 * cleanly. Later signals are swallowed while that happens: a terminal's Ctrl-C reaches every
 * process of the group, and launchers such as tsx relay it once more, so one keypress can arrive
 * twice — without a listener the second would kill the process mid-shutdown and orphan anvil and
 * PostgreSQL. A third signal forces the exit.
 *
 * @example
 * await waitForShutdown()
 * await devnet.stop()
 */
export function waitForShutdown(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = 0
    const onSignal = (signal: NodeJS.Signals) => {
      received++
      if (received === 1) resolve(signal)
      else if (received >= 3) process.exit(130)
    }
    process.on('SIGINT', () => onSignal('SIGINT'))
    process.on('SIGTERM', () => onSignal('SIGTERM'))
  })
}
