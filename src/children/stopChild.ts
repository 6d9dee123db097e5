import type { ChildProcess } from 'node:child_process'

export type StopChildOptions = {
  /** The signal asking the child to stop (anvil SIGTERM, PostgreSQL SIGINT = fast shutdown). @default 'SIGTERM' */
  signal?: NodeJS.Signals
  /** SIGKILL when it still runs after this long. @default 3_000 ms */
  graceMs?: number
}

/**
 * Stops a child process and resolves once it has exited: `signal` first, SIGKILL when it still
 * runs after `graceMs` (hung, stopped by SIGSTOP, or ignoring the signal), so a stop always ends.
 * Waits for the process's 'exit', not for its output pipes to close: a grandchild that inherited
 * them (a PostgreSQL backend, a program the child ran) may hold them open long after. Resolves at
 * once for a child that already exited or never started.
 *
 * @example
 * const child = spawn(anvilBinary(), args)
 * await stopChild(child, { signal: 'SIGTERM', graceMs: 3_000 })
 */
export async function stopChild(child: ChildProcess, opts: StopChildOptions = {}): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill(opts.signal ?? 'SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.graceMs ?? 3_000)
  try {
    await exited
  } finally {
    clearTimeout(timer)
  }
}
