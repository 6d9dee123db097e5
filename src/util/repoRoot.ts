import fs from 'node:fs'
import path from 'node:path'
import { RepoRootNotFoundError } from './errors'

/**
 * The repository root: the nearest folder above this file holding package.json and contracts/.
 * Works from `src/` (tsx) and from the compiled `lib/`.
 *
 * @throws {RepoRootNotFoundError} when no folder above `from` is the repository's.
 *
 * @example
 * const root = repoRoot() // '/home/me/openledger-indexer'
 */
export function repoRoot(from: string = __dirname): string {
  let dir = from
  while (dir !== path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'contracts')))
      return dir
    dir = path.dirname(dir)
  }
  throw new RepoRootNotFoundError(from)
}
