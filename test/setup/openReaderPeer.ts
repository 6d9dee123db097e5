import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/**
 * The peer's manifest and lock (exact versions of the whole tree): Subsquid's own GraphQL server
 * (OpenReader), the reference the API is compared with. It runs a forked Apollo 3 on graphql 15, so
 * it lives in a folder of its own, never among this project's dependencies.
 */
const MANIFEST_DIR = path.join(__dirname, 'openreader-peer')

/** The packages the peer folder must hold, at these exact versions. */
export const OPENREADER_PEER_PACKAGES: Record<string, string> = JSON.parse(
  fs.readFileSync(path.join(MANIFEST_DIR, 'package.json'), 'utf8'),
).dependencies

const ROOT = path.resolve(__dirname, '..', '..')

/** Where the peer is installed unless `OPENREADER_PEER_DIR` says otherwise (ignored by git). */
export const DEFAULT_OPENREADER_PEER_DIR = path.join(
  ROOT,
  '.data',
  'peers',
  `openreader-${OPENREADER_PEER_PACKAGES['@subsquid/graphql-server']}`,
)

/** How long a run waits for another run's install, or for its own npm install. */
const INSTALL_TIMEOUT_MS = 240_000

/**
 * The folder holding {@link OPENREADER_PEER_PACKAGES} at their exact versions, installed on first use
 * with `npm ci` from `test/setup/openreader-peer/` (manifest and lock) and reused afterwards
 * (`OPENREADER_PEER_DIR`, default {@link DEFAULT_OPENREADER_PEER_DIR}); see {@link ensureInstalled}.
 *
 * @throws {Error} when npm fails or times out, naming the command and npm's last output.
 * @example
 * const dir = await ensureOpenReaderPeer()
 * const req = createRequire(path.join(dir, 'package.json'))
 */
export function ensureOpenReaderPeer(
  dir = process.env.OPENREADER_PEER_DIR || DEFAULT_OPENREADER_PEER_DIR,
): Promise<string> {
  return ensureInstalled(dir, OPENREADER_PEER_PACKAGES, async (staging) => {
    for (const f of ['package.json', 'package-lock.json'])
      fs.copyFileSync(path.join(MANIFEST_DIR, f), path.join(staging, f))
    await npm(['ci', '--prefix', staging, '--no-audit', '--no-fund', '--ignore-scripts']).catch((cause) => {
      throw new Error(
        `could not install the OpenReader peer (test/setup/openreader-peer) into ${dir}, which ` +
          `test/api/openReaderParity.test.ts compares the API with: ${cause.message}`,
        { cause },
      )
    })
  })
}

/**
 * Returns `dir` once it holds `packages` (name to exact version) under `node_modules`, running
 * `install(staging)` first when it does not. The install fills a staging folder that is renamed into
 * place once complete, under a lock folder (`<dir>.lock`, mkdir being atomic), so runs in parallel
 * install once and never see half a folder; a lock whose holder has exited is taken over.
 *
 * @throws {Error} what `install` throws (nothing is left behind), or when it leaves the packages
 * missing, or after {@link INSTALL_TIMEOUT_MS} waiting for another run's install.
 * @example
 * await ensureInstalled(dir, { 'left-pad': '1.3.0' }, (staging) => runNpmCi(staging))
 */
export async function ensureInstalled(
  dir: string,
  packages: Record<string, string>,
  install: (staging: string) => Promise<void>,
): Promise<string> {
  if (isInstalled(dir, packages)) return dir
  fs.mkdirSync(path.dirname(dir), { recursive: true })
  const release = await lock(`${dir}.lock`)
  try {
    if (isInstalled(dir, packages)) return dir // another run installed it while this one waited
    const staging = `${dir}.staging-${process.pid}`
    fs.rmSync(staging, { recursive: true, force: true })
    fs.mkdirSync(staging)
    try {
      await install(staging)
      if (!isInstalled(staging, packages)) throw new Error(`the install left ${staging} without the packages`)
      fs.rmSync(dir, { recursive: true, force: true }) // an install of other versions
      fs.renameSync(staging, dir)
    } finally {
      fs.rmSync(staging, { recursive: true, force: true })
    }
    return dir
  } finally {
    release()
  }
}

function isInstalled(dir: string, packages: Record<string, string>): boolean {
  return Object.entries(packages).every(([name, version]) => {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8'))
      return pkg.version === version
    } catch {
      return false
    }
  })
}

/** Takes the lock folder (mkdir is atomic), waiting for its holder; returns the release. */
async function lock(lockDir: string): Promise<() => void> {
  const deadline = Date.now() + INSTALL_TIMEOUT_MS
  const owner = path.join(lockDir, 'owner')
  while (true) {
    try {
      fs.mkdirSync(lockDir)
      fs.writeFileSync(owner, `${process.pid} ${os.hostname()}\n`)
      return () => fs.rmSync(lockDir, { recursive: true, force: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    if (holderIsGone(owner)) {
      fs.rmSync(lockDir, { recursive: true, force: true })
      continue
    }
    if (Date.now() > deadline)
      throw new Error(
        `waited ${INSTALL_TIMEOUT_MS / 1000} s for another run's peer install (lock ${lockDir})`,
      )
    await new Promise((r) => setTimeout(r, 500))
  }
}

/** True when the lock's holder (same host) has exited, or wrote no owner within 10 s. */
function holderIsGone(owner: string): boolean {
  let text: string
  try {
    text = fs.readFileSync(owner, 'utf8')
  } catch {
    try {
      return Date.now() - fs.statSync(path.dirname(owner)).mtimeMs > 10_000
    } catch {
      return true // released meanwhile
    }
  }
  const [pid, host] = text.trim().split(' ')
  if (host !== os.hostname()) return false
  try {
    process.kill(Number(pid), 0)
    return false
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/**
 * Runs npm without the variables an enclosing `npm test` sets about this project (its prefix, its
 * package and script), which would point npm here instead of at the peer folder; user settings
 * (registry, cache, proxy, certificates) pass through.
 */
function npm(args: string[]): Promise<void> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^npm_(package_|lifecycle_|config_(local_|global_)?prefix$)/i.test(k),
    ),
  )
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    const timer = setTimeout(() => child.kill('SIGTERM'), INSTALL_TIMEOUT_MS)
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(new Error(`could not run npm ${args.join(' ')}: ${err.message}`))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve()
      else
        reject(
          new Error(
            `npm ${args.join(' ')} failed (${signal ?? `exit ${code}`}); its last output:\n${output.trim()}`,
          ),
        )
    })
  })
}
