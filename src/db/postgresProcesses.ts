import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { stopChild } from '../children/stopChild'
import { tieToParent } from '../children/tieToParent'
import { PostgresProgramError } from './errors'
import type { ServerUser } from './serverUser'

type Common = {
  /** The program to run. */
  program: string
  /** Run as this user (this process's user when undefined). */
  user: ServerUser | undefined
  /** Receives the program's output lines. */
  onLog: (line: string) => void
}

/** How long a fast shutdown may take before the server is killed. */
const STOP_GRACE_MS = 10_000

// Not this process's environment: the passwords, keys and tokens it may hold (DB_PASS,
// DEPLOYER_PRIVATE_KEY, PGPASSWORD...) would be readable in /proc/<pid>/environ by the postgres
// user and passed to every program the server runs (archive_command, COPY ... PROGRAM). Only where
// to find programs and libraries, the time zone and the locale go; messages in English whatever
// the host's locale, as readiness is recognised by its text (so not LC_ALL, which would win over
// LC_MESSAGES).
const PASSED = ['PATH', 'LD_LIBRARY_PATH', 'DYLD_LIBRARY_PATH', 'TZ', 'LANG', 'LC_CTYPE', 'LC_COLLATE']

function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { LC_MESSAGES: 'C' }
  for (const key of PASSED) if (process.env[key] !== undefined) env[key] = process.env[key]
  return env
}

function start(opts: Common, args: string[]): ChildProcess {
  return spawn(opts.program, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: serverEnv(),
    ...(opts.user && { uid: opts.user.uid, gid: opts.user.gid }),
  })
}

/**
 * Runs initdb for a new cluster in `dir` (created if missing, owned by the server user) with the
 * superuser `postgres` and `password`, SCRAM authentication. The password reaches initdb through
 * a file in a fresh 0700 directory of the server user next to `dir`, removed right after.
 *
 * @throws {Error} with initdb's output when it cannot be run or fails.
 * @example
 * await runInitdb({ program: bin.initdb, user, onLog }, { dir, password, flags: ['--encoding=UTF8'] })
 */
export async function runInitdb(
  opts: Common,
  cluster: { dir: string; password: string; flags: string[] },
): Promise<void> {
  fs.mkdirSync(cluster.dir, { recursive: true, mode: 0o700 })
  const secretDir = fs.mkdtempSync(path.join(path.dirname(cluster.dir), '.initdb-'))
  try {
    const pwfile = path.join(secretDir, 'pw')
    fs.writeFileSync(pwfile, `${cluster.password}\n`, { mode: 0o600 })
    if (opts.user)
      for (const p of [cluster.dir, secretDir, pwfile]) fs.chownSync(p, opts.user.uid, opts.user.gid)
    const child = start(opts, [
      `--pgdata=${cluster.dir}`,
      '--auth=scram-sha-256',
      '--username=postgres',
      `--pwfile=${pwfile}`,
      '--lc-messages=C',
      ...cluster.flags,
    ])
    let output = ''
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000)
      for (const line of chunk.toString('utf8').trimEnd().split('\n')) opts.onLog(line)
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject)
      child.on('close', (code, signal) =>
        code === 0
          ? resolve()
          : reject(new PostgresProgramError('initdb', `exited with ${code ?? signal}`, output.trim())),
      )
    })
  } finally {
    fs.rmSync(secretDir, { recursive: true, force: true })
  }
}

/** A running postmaster. */
export type PostgresProcess = {
  /** The postmaster's process id. */
  pid: number
  /**
   * Fast shutdown (SIGINT), SIGKILL when the server still runs after the grace period; resolves
   * when the postmaster has exited. Safe to call twice.
   */
  stop(): Promise<void>
}

/**
 * Starts `postgres -D dir` and resolves once it accepts connections. If this process ends first,
 * however it ends (exit, crash, SIGKILL: see `tieToParent`), the server gets a fast shutdown.
 * `stop()` is bounded: a server that does not finish its fast shutdown within `stopGraceMs`
 * (hung, or stopped by SIGSTOP) is killed.
 *
 * @throws {Error} with the server's last output when it cannot be run or exits before ready.
 * @example
 * const server = await spawnPostgres({ program: bin.postgres, user, onLog }, { dir, port, flags: [] })
 * await server.stop()
 */
export async function spawnPostgres(
  opts: Common & { stopGraceMs?: number },
  cluster: { dir: string; port: number; flags: string[] },
): Promise<PostgresProcess> {
  const child = start(opts, [
    '-D',
    cluster.dir,
    '-p',
    String(cluster.port),
    '-c',
    'lc_messages=C',
    ...cluster.flags,
  ])
  const stop = () => stopChild(child, { signal: 'SIGINT', graceMs: opts.stopGraceMs ?? STOP_GRACE_MS })
  // 'exit', not 'close': backends that inherited the output pipes may hold them open after the
  // postmaster is gone (and reaped, so its pid may be reused: the watchdog must not outlive it).
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    // A program that could not be run at all (EACCES, ENOENT) never exits.
    child.on('error', () => child.pid === undefined && resolve())
  })
  const onExit = () => child.kill('SIGINT')
  process.on('exit', onExit)
  // The exit hook does not run when this process is SIGKILLed or OOM-killed: a watchdog then gives
  // the server its fast shutdown, so no postmaster outlives us holding the port and data dir.
  const tie =
    child.pid === undefined ? undefined : tieToParent(child.pid, { signal: 'SIGINT', graceMs: STOP_GRACE_MS })
  void exited.then(() => {
    process.off('exit', onExit)
    tie?.release()
  })
  let output = ''
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => opts.onLog(chunk.toString('utf8').trimEnd()))
      child.stderr?.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8')
        output = (output + text).slice(-4000)
        for (const line of text.trimEnd().split('\n')) opts.onLog(line)
        if (output.includes('database system is ready to accept connections')) resolve()
      })
      child.on('error', reject)
      // Its last lines may still be in the pipe when it exits.
      void exited
        .then(() => new Promise((r) => setTimeout(r, 200)))
        .then(() =>
          reject(new PostgresProgramError('postgres', 'exited before accepting connections', output.trim())),
        )
    })
  } catch (e) {
    await stop()
    throw e
  }
  let stopping: Promise<void> | undefined
  return {
    pid: child.pid as number,
    stop: () => {
      stopping ??= stop()
      return stopping
    },
  }
}
