import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { EmbeddedPostgresAccessError } from './errors'
import { ensureRelocationDir } from './relocationDir'
import { runsAs, type ServerUser } from './serverUser'

/** Where a cluster lives: `dir` is what PostgreSQL gets as its data directory. */
export type ClusterPlace = {
  dir: string
  /** Set when `dataDir` is a link to `dir` because the server user could not reach `dataDir`. */
  relocated?: { reason: string }
}

/**
 * Decides where the cluster for `dataDir` lives. In place when the server user can traverse its
 * parent (always when not root). Otherwise under `relocationDir`, in `cluster-<hash of dataDir>`,
 * owned by that user with mode 0700, and `dataDir` becomes a symbolic link to it: the checkout
 * still shows where its data is, a moved checkout keeps it, and removing `dataDir` (as `npm start`
 * does for a new devnet) discards it — a cluster left at that place without its link is deleted
 * before a new one is made there.
 *
 * @throws {EmbeddedPostgresAccessError} when an existing cluster sits in place where the server
 *   user cannot reach it, or nothing can be placed under `relocationDir`.
 * @example
 * const place = await placeCluster('/root/repo/.data/postgres', user, '/var/lib/openledger')
 * // { dir: '/var/lib/openledger/cluster-3f2a…', relocated: { reason: 'postgres cannot traverse /root/repo/.data' } }
 */
export async function placeCluster(
  dataDir: string,
  user: ServerUser | undefined,
  relocationDir: string,
): Promise<ClusterPlace> {
  dataDir = path.resolve(dataDir)
  const parent = path.dirname(dataDir)
  // Also where the password file goes, before initdb would create anything.
  fs.mkdirSync(parent, { recursive: true })
  if (!user) return { dir: dataDir }
  const link = lstat(dataDir)
  if (link?.isSymbolicLink()) {
    const target = path.resolve(parent, fs.readlinkSync(dataDir))
    if (path.dirname(target) === path.resolve(relocationDir)) {
      fs.mkdirSync(target, { recursive: true, mode: 0o700 })
      fs.chownSync(target, user.uid, user.gid)
      return { dir: target, relocated: { reason: 'placed there by an earlier start' } }
    }
    // Run as root, initdb's set-up chowns the data directory to the server user, following links: a
    // link planted in a directory others can write would hand them any directory (/etc) instead.
    throw new EmbeddedPostgresAccessError(dataDir, 'the data directory', {
      details: `${dataDir} is a symbolic link to ${target}, outside ${relocationDir}: remove it, or give a real directory.`,
    })
  }
  if (await runsAs(user, 'test', ['-x', parent])) return { dir: dataDir }
  if (link && !link.isSymbolicLink() && fs.readdirSync(dataDir).length > 0)
    throw new EmbeddedPostgresAccessError(dataDir, 'the data directory', {
      details: `${dataDir} is not empty, so it is not moved; ${user.name} cannot traverse ${parent}.`,
    })
  await ensureRelocationDir(relocationDir, user)
  const target = path.join(
    relocationDir,
    `cluster-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`,
  )
  // Nothing links here any more (the checkout's data was removed): its data is stale.
  fs.rmSync(target, { recursive: true, force: true })
  if (link) fs.rmSync(dataDir, { recursive: true, force: true })
  fs.symlinkSync(target, dataDir)
  fs.mkdirSync(target, { mode: 0o700 })
  fs.chownSync(target, user.uid, user.gid)
  return { dir: target, relocated: { reason: `${user.name} cannot traverse ${parent}` } }
}

function lstat(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p)
  } catch {
    return undefined
  }
}
