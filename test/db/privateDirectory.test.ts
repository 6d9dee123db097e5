import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { EmbeddedPostgresAccessError } from '../../src/db/errors'
import { packagedNativeDir, postgresBinaries } from '../../src/db/postgresBinaries'
import { runsAs, serverUser } from '../../src/db/serverUser'
import { startEmbeddedPostgres } from '../../src/db/startEmbeddedPostgres'

// CI runs as root, where PostgreSQL runs as the postgres system user: the case this file is about.
const root = process.getuid?.() === 0

// Like a checkout in root's home or a `mktemp -d`: a 0700 directory only its owner can traverse.
const privateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-private-'))
fs.chmodSync(privateDir, 0o700)
// Where relocated files go in this test (the product's default is /var/lib/openledger): root's own,
// writable by nobody else, traversable by all.
const relocationDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-relocated-'))
fs.chmodSync(relocationDir, 0o755)

afterAll(() => {
  for (const dir of [privateDir, relocationDir]) fs.rmSync(dir, { recursive: true, force: true })
})

async function query(settings: pg.ClientConfig, sql: string): Promise<pg.QueryResultRow[]> {
  const c = new pg.Client(settings)
  await c.connect()
  try {
    return (await c.query(sql)).rows
  } finally {
    await c.end()
  }
}

describe('embedded PostgreSQL from a private directory', () => {
  it('starts with its data dir under a 0700 directory, keeps its data across restarts, and says where it is', async () => {
    const dataDir = path.join(privateDir, 'data', 'postgres')
    const notices: string[] = []
    const opts = { dataDir, relocationDir, durable: false, onNotice: (l: string) => notices.push(l) }
    let pg1 = await startEmbeddedPostgres(opts)
    try {
      await query(pg1.settings, 'CREATE TABLE kept AS SELECT 42 AS n')
    } finally {
      await pg1.stop()
    }
    if (root) {
      // The postgres user cannot traverse privateDir, so the cluster lives where it can, linked.
      expect(await runsAs(await serverUser(), 'test', ['-x', privateDir])).toBe(false)
      expect(path.dirname(pg1.clusterDir)).toBe(relocationDir)
      expect(fs.readlinkSync(dataDir)).toBe(pg1.clusterDir)
      const st = fs.statSync(pg1.clusterDir)
      expect({ uid: st.uid, mode: st.mode & 0o777 }).toEqual({ uid: (await serverUser())!.uid, mode: 0o700 })
      // (From a checkout in a private directory the binaries get a notice of their own.)
      expect(notices).toContainEqual(expect.stringContaining(`kept in ${pg1.clusterDir}`))
    } else {
      // Not root: PostgreSQL runs as this user, which reaches its own private directory.
      expect(pg1.clusterDir).toBe(dataDir)
      expect(notices).toEqual([])
    }

    pg1 = await startEmbeddedPostgres(opts)
    try {
      expect(await query(pg1.settings, 'SELECT n FROM kept')).toEqual([{ n: 42 }])
    } finally {
      await pg1.stop()
    }

    // Removing the data dir (npm start does for a new devnet) discards the cluster, linked or not.
    const before = pg1.clusterDir
    fs.rmSync(dataDir, { recursive: true, force: true })
    const pg2 = await startEmbeddedPostgres(opts)
    try {
      expect(pg2.clusterDir).toBe(before)
      expect(await query(pg2.settings, "SELECT to_regclass('kept') AS t")).toEqual([{ t: null }])
    } finally {
      await pg2.stop()
    }
  })

  it.skipIf(!root)(
    'runs a verified copy of binaries the postgres user cannot reach (root only)',
    async () => {
      // Binaries inside the private directory, as node_modules of a checkout there (hard links: no
      // 60 MB copy, and nothing here writes to them).
      const unreachable = path.join(privateDir, 'node_modules-native')
      execFileSync('cp', ['-al', await packagedNativeDir(), unreachable])
      const user = await serverUser()
      expect(await runsAs(user, path.join(unreachable, 'bin', 'postgres'), ['--version'])).toBe(false)

      const bin = await postgresBinaries({ user, relocationDir, nativeDir: unreachable })
      expect(path.dirname(bin.copiedTo!)).toBe(relocationDir)
      expect(bin.postgres).toBe(path.join(bin.copiedTo!, 'bin', 'postgres'))
      const lib = 'lib/libicudata.so.60.2'
      expect(
        fs.readFileSync(path.join(bin.copiedTo!, lib)).equals(fs.readFileSync(path.join(unreachable, lib))),
      ).toBe(true)
      const inode = fs.statSync(bin.copiedTo!).ino
      // Made once: the next start finds the same copy.
      expect(await postgresBinaries({ user, relocationDir, nativeDir: unreachable })).toEqual(bin)
      expect(fs.statSync(bin.copiedTo!).ino).toBe(inode)

      const notices: string[] = []
      const server = await startEmbeddedPostgres({
        dataDir: path.join(privateDir, 'with-copied-binaries'),
        relocationDir,
        nativeDir: unreachable,
        durable: false,
        onNotice: (l) => notices.push(l),
      })
      try {
        expect(await query(server.settings, 'SELECT 1 AS one')).toEqual([{ one: 1 }])
        expect(notices[0]).toContain(`PostgreSQL runs from ${bin.copiedTo}`)
      } finally {
        await server.stop()
      }
    },
  )

  it.skipIf(!root)(
    'refuses a data directory that is a symbolic link to elsewhere, and chowns nothing (root only)',
    async () => {
      // Like a link planted in a world-writable DATA_DIR, pointing at a root-owned directory (/etc).
      const victim = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-victim-'))
      const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-planted-'))
      fs.chmodSync(parent, 0o777)
      const dataDir = path.join(parent, 'postgres')
      fs.symlinkSync(victim, dataDir)
      try {
        const err = await startEmbeddedPostgres({ dataDir, relocationDir }).catch((e) => e)
        expect(err).toBeInstanceOf(EmbeddedPostgresAccessError)
        expect(err.message).toContain('symbolic link')
        expect(fs.statSync(victim).uid).toBe(0)
        expect(fs.readdirSync(victim)).toEqual([])
      } finally {
        for (const d of [victim, parent]) fs.rmSync(d, { recursive: true, force: true })
      }
    },
  )

  it.skipIf(!root)('fails at once with a named error where nothing can be placed (root only)', async () => {
    const dataDir = path.join(privateDir, 'nowhere', 'postgres')
    // A relocation dir that other users could write: root must not run binaries or keep data there.
    const unsafe = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-unsafe-'))
    fs.chmodSync(unsafe, 0o777)
    try {
      const err = await startEmbeddedPostgres({ dataDir, relocationDir: unsafe }).catch((e) => e)
      expect(err).toBeInstanceOf(EmbeddedPostgresAccessError)
      expect(err.shortMessage).toContain(unsafe)
      // Unreachable itself: the postgres user cannot traverse privateDir.
      const inside = path.join(privateDir, 'relocated-inside')
      const err2 = await startEmbeddedPostgres({ dataDir, relocationDir: inside }).catch((e) => e)
      expect(err2).toBeInstanceOf(EmbeddedPostgresAccessError)
      expect(err2.message).toContain('cannot traverse')
    } finally {
      fs.rmSync(unsafe, { recursive: true, force: true })
    }
  })

  it.skipIf(!root)(
    'refuses to move an existing cluster the postgres user can no longer reach (root only)',
    async () => {
      const outer = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-closed-later-'))
      fs.chmodSync(outer, 0o755)
      const dataDir = path.join(outer, 'home', 'postgres')
      fs.mkdirSync(path.dirname(dataDir), { mode: 0o755 })
      try {
        const server = await startEmbeddedPostgres({ dataDir, relocationDir, durable: false })
        await server.stop()
        expect(server.clusterDir).toBe(dataDir)
        fs.chmodSync(path.dirname(dataDir), 0o700) // the user closed their home directory
        const err = await startEmbeddedPostgres({ dataDir, relocationDir }).catch((e) => e)
        expect(err).toBeInstanceOf(EmbeddedPostgresAccessError)
        expect(err.message).toContain('not empty, so it is not moved')
        expect(fs.existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true)
      } finally {
        fs.rmSync(outer, { recursive: true, force: true })
      }
    },
  )
})
