import { spawn } from 'node:child_process'

export type TieOptions = {
  /** Signal the child gets once this process is gone. @default 'SIGTERM' */
  signal?: NodeJS.Signals
  /** Then SIGKILL if it still runs after this long. @default 5_000 ms */
  graceMs?: number
}

/** A watchdog holding a child process to this one's lifetime. */
export type ChildTie = {
  /** Ends the watchdog without signalling the child (call after stopping the child yourself). Safe to call twice. */
  release(): void
}

// The watchdog's only input is a pipe from this process, which it never reads data from: the
// pipe reaches end-of-file when this process ends, however it ends (exit, uncaught exception,
// SIGKILL, the OOM killer). It ignores the terminal's signals, so a Ctrl-C that reaches the whole
// process group leaves it to watch the orderly shutdown that follows.
const WATCHDOG = `
trap '' INT TERM HUP QUIT
while read -r _; do :; done
kill -s "$2" "$1" 2>/dev/null || exit 0
i=0
while kill -0 "$1" 2>/dev/null; do
  i=$((i + 1))
  if [ "$i" -ge "$3" ]; then kill -s KILL "$1" 2>/dev/null; exit 0; fi
  sleep 0.1
done
`

/**
 * Ties the process `pid` (a child: anvil, PostgreSQL) to this process: a detached `sh` watchdog
 * signals it when this process ends without having stopped it, including by SIGKILL, where no
 * exit hook runs. Stop the child as usual, then `release()`. A no-op on Windows (no `sh`).
 *
 * @example
 * const child = spawn(anvilBinary(), args)
 * const tie = tieToParent(child.pid!)
 * // ... later: stop the child, then
 * tie.release()
 */
export function tieToParent(pid: number, opts: TieOptions = {}): ChildTie {
  if (process.platform === 'win32') return { release() {} }
  const signal = (opts.signal ?? 'SIGTERM').replace(/^SIG/, '')
  const ticks = Math.max(1, Math.ceil((opts.graceMs ?? 5_000) / 100))
  const watchdog = spawn('sh', ['-c', WATCHDOG, 'watchdog', String(pid), signal, String(ticks)], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  })
  // Neither the watchdog nor its pipe may keep this process alive.
  watchdog.unref()
  const pipe = watchdog.stdin as (NodeJS.WritableStream & { unref?: () => void }) | null
  pipe?.unref?.()
  // A failed spawn (no sh) leaves the child unguarded, which is what we had before: not fatal.
  watchdog.on('error', () => {})
  pipe?.on('error', () => {})
  let released = false
  return {
    release() {
      if (released) return
      released = true
      // SIGKILL: the watchdog ignores the gentler signals on purpose.
      watchdog.kill('SIGKILL')
    },
  }
}
