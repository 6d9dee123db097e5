import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import type { DbSettings } from '../../../src/db/dbSettings'
import { dbSettingsToUrl } from '../../../src/db/dbSettings'
import { repoRoot } from '../../../src/util/repoRoot'

// Not test/setup/chain's ROOT: that module imports vitest, and the soak run (plain tsx) spawns through here.
const ROOT = repoRoot()

export type IndexerProcess = {
  child: ChildProcess
  /** stdout + stderr so far (last 20k characters). */
  output(): string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/**
 * Runs `openledger index` (the real CLI, under tsx) as a child process against an external database.
 *
 * @example
 * const p = spawnIndexer({ rpcUrl, manifestPath, db }); p.child.kill('SIGKILL')
 */
export function spawnIndexer(opts: {
  rpcUrl: string
  manifestPath: string
  db: DbSettings
  finality?: number
}): IndexerProcess {
  return spawnCli(
    [
      'index',
      '--rpc-url',
      opts.rpcUrl,
      '--manifest',
      opts.manifestPath,
      '--db-url',
      dbSettingsToUrl(opts.db),
      '--metrics-port',
      '0',
      '--finality',
      String(opts.finality ?? 5),
    ],
    { DB_URL: '', DB_HOST: '' },
  )
}

/**
 * Runs a command of the real CLI (`src/cli/main.ts`, under tsx) as a child process, output kept.
 *
 * @example
 * const api = spawnCli(['serve', '--port', '4351'], { DB_URL: url })
 */
export function spawnCli(args: string[], env: Record<string, string>): IndexerProcess {
  return spawnScript(path.join(ROOT, 'src', 'cli', 'main.ts'), args, env)
}

/**
 * Runs a TypeScript file under tsx as a child process of its own, from the repository root, with
 * its output kept.
 *
 * @example
 * const loop = spawnScript('test/bench/soak/analyticsLoop.ts', [url, file], {})
 */
export function spawnScript(file: string, args: string[], env: Record<string, string>): IndexerProcess {
  // One process (node with tsx's loader), not the tsx wrapper: a SIGKILL must hit the command itself.
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(ROOT, file), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
  let out = ''
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  return { child, output: () => out, exited }
}
