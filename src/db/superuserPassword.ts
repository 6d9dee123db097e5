import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/**
 * The superuser password every embedded cluster had before passwords were random. A cluster still
 * using it gets a random one at its next start.
 */
export const LEGACY_PASSWORD = 'postgres'

/**
 * Where the superuser password of the cluster at `dataDir` is kept: next to it, so removing the
 * data directory's parent (`.data`) removes both, and outside it, where PostgreSQL (and a copy of the
 * data directory) does not see it.
 *
 * @example
 * passwordFile('/repo/.data/postgres') // '/repo/.data/postgres.password'
 */
export function passwordFile(dataDir: string): string {
  const abs = path.resolve(dataDir)
  return path.join(path.dirname(abs), `${path.basename(abs)}.password`)
}

/**
 * A new random password: 32 bytes, base64url (no quoting needed anywhere).
 *
 * @example
 * newPassword() // 'q3J0…' (43 characters)
 */
export function newPassword(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * Reads a password file; `undefined` when there is none.
 *
 * @example
 * readPassword(passwordFile(dataDir))
 */
export function readPassword(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}

/**
 * Writes `password` to `file` with mode 0600, atomically (a new file renamed over the old one, so a
 * crash leaves either password whole and a wider mode of an old file does not carry over).
 *
 * @example
 * writePassword(passwordFile(dataDir), newPassword())
 */
export function writePassword(file: string, password: string): void {
  const tmp = `${file}.tmp-${randomBytes(6).toString('hex')}`
  const fd = fs.openSync(tmp, 'wx', 0o600)
  try {
    fs.writeSync(fd, `${password}\n`)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(tmp, file)
}
