import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { tieToParent } from '../children/tieToParent'
import type { ServerUser } from './serverUser'

type Common = {
  /** The program to run. */
  program: string
  /** Run as this user (this process's user when undefined). */
  user: ServerUser | undefined
  /** Receives the program's output lines. */
  onLog: (line: string) => void
}

// Messages in English whatever the host's locale: readiness is recognised by its text.
const ENV = { ...process.env, LC_MESSAGES: 'C' }

function start(opts: Common, args: string[]): ChildProcess {
  return spawn(opts.program, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: ENV,
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
        code === 0 ? resolve() : reject(new Error(`initdb exited with ${code ?? signal}: ${output.trim()}`)),
      )
    })
  } finally {
    fs.rmSync(secretDir, { recursive: true, force: true })
  }
}

/** A running postmaster. */
export type PostgresProcess = {
  /** Fast shutdown (SIGINT); resolves when the server has exited. Safe to call twice. */
  stop(): Promise<void>
}

/**
 * Starts `postgres -D dir` and resolves once it accepts connections. If this process ends first,
 * however it ends (exit, crash, SIGKILL: see `tieToParent`), the server gets a fast shutdown.
 *
 * @throws {Error} with the server's last output when it cannot be run or exits before ready.
 * @example
 * const server = await spawnPostgres({ program: bin.postgres, user, onLog }, { dir, port, flags: [] })
 * await server.stop()
 */
export async function spawnPostgres(
  opts: Common,
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
  const exited = new Promise<void>((resolve) => {
    child.on('close', () => resolve())
    // A program that could not be run at all (EACCES, ENOENT) never closes.
    child.on('error', () => child.pid === undefined && resolve())
  })
  const onExit = () => child.kill('SIGINT')
  process.on('exit', onExit)
  // The exit hook does not run when this process is SIGKILLed or OOM-killed: a watchdog then gives
  // the server its fast shutdown, so no postmaster outlives us holding the port and data dir.
  const tie =
    child.pid === undefined ? undefined : tieToParent(child.pid, { signal: 'SIGINT', graceMs: 10_000 })
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
      void exited.then(() =>
        reject(new Error(`postgres exited before accepting connections: ${output.trim()}`)),
      )
    })
  } catch (e) {
    child.kill('SIGINT')
    await exited
    throw e
  }
  let stopping: Promise<void> | undefined
  return {
    stop: () => {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT')
        await exited
      })()
      return stopping
    },
  }
}
