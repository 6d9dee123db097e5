import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { postgresBinaries } from '../../src/db/postgresBinaries'
import { type PostgresProcess, runInitdb, spawnPostgres } from '../../src/db/postgresProcesses'
import { DEFAULT_RELOCATION_DIR } from '../../src/db/relocationDir'
import { type ServerUser, serverUser } from '../../src/db/serverUser'
import { freePort } from '../../src/util/freePort'
import { alive } from '../children/processAlive'

// The postmaster as spawnPostgres runs it: what it inherits, and a stop that always ends.

// Secrets in this process's environment from before anything is imported, as a user's shell sets them.
const SECRET = vi.hoisted(() => {
  const secret = `not-for-postgres-${process.pid}`
  process.env.DB_PASS = secret
  process.env.PGPASSWORD = secret
  return secret
})

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-pgproc-'))
fs.chmodSync(dir, 0o777)
const cluster = path.join(dir, 'pg')
let user: ServerUser | undefined
let bin: { initdb: string; postgres: string }
const lines: string[] = []
const onLog = (l: string) => lines.push(l)

beforeAll(async () => {
  user = await serverUser()
  bin = await postgresBinaries({ user, relocationDir: DEFAULT_RELOCATION_DIR })
  await runInitdb({ program: bin.initdb, user, onLog }, { dir: cluster, password: 'pw', flags: [] })
})

afterAll(() => {
  delete process.env.DB_PASS
  delete process.env.PGPASSWORD
  fs.rmSync(dir, { recursive: true, force: true })
})

/** The processes whose command line holds every one of `args` (the watchdog of a pid, a script). */
function processesWith(...args: string[]): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0')
        return args.every((a) => cmd.includes(a)) && alive(Number(d))
      } catch {
        return false
      }
    })
    .map(Number)
}

describe('spawnPostgres', () => {
  it("does not hand this process's environment (passwords, keys) to the server", async () => {
    let server: PostgresProcess | undefined
    try {
      server = await spawnPostgres(
        { program: bin.postgres, user, onLog },
        { dir: cluster, port: await freePort(), flags: [] },
      )
      const environ = fs.readFileSync(`/proc/${server.pid}/environ`, 'utf8').split('\0')
      expect(environ.some((e) => e.includes(SECRET))).toBe(false)
      expect(environ.filter((e) => /^(DB_|PG|DEPLOYER|AUDITOR)/.test(e))).toEqual([])
      expect(environ).toContain('LC_MESSAGES=C')
    } finally {
      await server?.stop()
    }
  })

  it('kills a server that does not finish its fast shutdown (stopped by SIGSTOP) after the grace period', async () => {
    const server = await spawnPostgres(
      { program: bin.postgres, user, onLog, stopGraceMs: 1_000 },
      { dir: cluster, port: await freePort(), flags: [] },
    )
    process.kill(server.pid, 'SIGSTOP')
    const started = Date.now()
    await server.stop()
    expect(Date.now() - started).toBeLessThan(8_000)
    expect(alive(server.pid)).toBe(false)
    // Its backends notice the postmaster is gone and exit; the cluster starts again (crash recovery).
    const again = await spawnPostgres(
      { program: bin.postgres, user, onLog },
      { dir: cluster, port: await freePort(), flags: [] },
    )
    await again.stop()
  }, 60_000)

  it('counts the server stopped when it exits although a child of it still holds its output, and releases its watchdog', async () => {
    // A stand-in postmaster whose child keeps stdout and stderr open after it exits, as backends can.
    const script = path.join(dir, 'fake-postgres.sh')
    fs.writeFileSync(
      script,
      [
        '#!/bin/sh',
        'sleep 60 &',
        'echo "holder $!"',
        'echo "database system is ready to accept connections" >&2',
        "trap 'exit 0' INT",
        'while :; do sleep 0.1; done',
      ].join('\n'),
      { mode: 0o755 },
    )
    const output: string[] = []
    const server = await spawnPostgres(
      { program: script, user: undefined, onLog: (l) => output.push(l) },
      { dir: cluster, port: 1, flags: [] },
    )
    // Its first line (stdout) may come after the readiness line (stderr).
    while (!/holder \d+/.test(output.join('\n'))) await new Promise((r) => setTimeout(r, 20))
    const holder = Number(output.join('\n').match(/holder (\d+)/)?.[1])
    try {
      expect(alive(holder)).toBe(true)
      expect(processesWith('watchdog', String(server.pid))).toHaveLength(1)
      const started = Date.now()
      await server.stop()
      expect(Date.now() - started).toBeLessThan(5_000)
      expect(alive(server.pid)).toBe(false)
      // The watchdog goes with the server's exit: kept, it would signal whatever reuses the pid.
      const deadline = Date.now() + 2_000
      while (processesWith('watchdog', String(server.pid)).length > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50))
      expect(processesWith('watchdog', String(server.pid))).toEqual([])
      expect(alive(holder)).toBe(true)
    } finally {
      if (alive(holder)) process.kill(holder, 'SIGKILL')
    }
  }, 20_000)
})
