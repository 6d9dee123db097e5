import fs from 'node:fs'
import { EmbeddedPostgresAccessError } from './errors'
import { runsAs, type ServerUser } from './serverUser'

/**
 * Where a root-started embedded PostgreSQL keeps what the `postgres` user cannot reach in place: a
 * copy of the binaries and relocated clusters. Persistent (not /tmp, not /var/tmp, whose cleaners
 * delete files untouched for days, and a cluster's files can be), and traversable by that user.
 */
export const DEFAULT_RELOCATION_DIR = '/var/lib/openledger'

/**
 * Creates `dir` if missing and checks that it may hold what root will run as `user`: a directory
 * owned by root that nobody else can write (else another local user could plant binaries there),
 * and that `user` can traverse.
 *
 * @throws {EmbeddedPostgresAccessError} when `dir` cannot be created, is not safe, or not reachable.
 * @example
 * await ensureRelocationDir('/var/lib/openledger', user)
 */
export async function ensureRelocationDir(dir: string, user: ServerUser): Promise<void> {
  const what = 'the directory for relocated PostgreSQL files'
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 })
  } catch (cause) {
    throw new EmbeddedPostgresAccessError(dir, what, { cause })
  }
  const st = fs.lstatSync(dir)
  if (!st.isDirectory() || st.uid !== 0 || (st.mode & 0o022) !== 0)
    throw new EmbeddedPostgresAccessError(dir, what, {
      details: `${dir} must be a directory owned by root that only root can write (mode ${(st.mode & 0o777).toString(8)}, owner ${st.uid}).`,
    })
  if (!(await runsAs(user, 'test', ['-x', dir])))
    throw new EmbeddedPostgresAccessError(dir, what, { details: `${user.name} cannot traverse ${dir}.` })
}
