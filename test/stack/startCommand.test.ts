import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PartHealth } from '../../src/api/schema/partHealth'
import { rpc } from '../../src/chain/rpc'
import { type Devnet, startDevnet } from '../../src/chain/startDevnet'
import { dbSettingsToUrl } from '../../src/db/dbSettings'
import { type Manifest, writeManifest } from '../../src/manifest/manifest'
import { freePort } from '../../src/util/freePort'
import { descendants } from '../children/descendants'
import { alive } from '../children/processAlive'
import { setupDatabase, type TestDatabase } from '../processor/helpers/database'
import { ROOT } from '../setup/chain'
import { startAll } from '../setup/startAll'

// The real `openledger start --rpc-url` command in a child process: the wiring of start.ts, its
// /health, and a clean stop on SIGTERM.

let devnet: Devnet
let db: TestDatabase
let dir: string

beforeAll(async () => {
  ;[devnet, db] = await startAll([startDevnet(), setupDatabase()])
  await rpc(devnet.rpcUrl, 'anvil_mine', ['0x10'])
  await rpc(devnet.rpcUrl, 'evm_setIntervalMining', [1])
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-start-'))
}, 120_000)

afterAll(async () => {
  await Promise.allSettled([devnet?.stop(), db?.stop()])
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

/**
 * Runs `openledger start <args>` in a child process with a private DATA_DIR (an embedded database
 * there unless `env` gives DB_URL): the process, its output so far, its exit, and `waitFor(text)`.
 */
function startCli(args: string[], env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), 'start', ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DB_URL: '',
        DB_HOST: '',
        RPC_URL: '',
        DATA_DIR: dir,
        PROMETHEUS_PORT: '0',
        ATTRIBUTION_DEVICE: 'cpu',
        ...env,
      },
    },
  )
  let out = ''
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString()
  })
  child.stderr.on('data', (b: Buffer) => {
    out += b.toString()
  })
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const waitFor = async (text: string, ms: number) => {
    const deadline = Date.now() + ms
    while (!out.includes(text)) {
      if (Date.now() > deadline || child.exitCode !== null || child.signalCode !== null)
        throw new Error(`no "${text}" from start:\n${out}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  return { child, output: () => out, exited, waitFor }
}

describe('openledger start --rpc-url', () => {
  it('serves /health with the indexer and the auditor, the evidence at /audits/, and stops cleanly on SIGTERM', async () => {
    const manifest: Manifest = {
      version: 1,
      chainId: devnet.chainId,
      contracts: { WOPEN: { address: '0x00000000000000000000000000000000000000aa', startBlock: 0 } },
    }
    const manifestPath = path.join(dir, 'manifest.json')
    writeManifest(manifestPath, manifest)
    const gqlPort = await freePort()
    const run = startCli(['--rpc-url', devnet.rpcUrl], {
      MANIFEST: manifestPath,
      DB_URL: dbSettingsToUrl(db.settings),
      GQL_PORT: String(gqlPort),
    })
    try {
      await run.waitFor('running; a failing part is restarted', 100_000)
      const out = run.output()
      expect(out).toContain(`health          http://127.0.0.1:${gqlPort}/health`)
      const res = await fetch(`http://127.0.0.1:${gqlPort}/health`)
      expect(res.status).toBe(200)
      const body = (await res.json()) as { status: string; parts: PartHealth[] }
      expect(body.status).toBe('ok')
      expect(body.parts.map((p) => [p.name, p.state])).toEqual([
        ['indexer', 'running'],
        ['analytics', 'running'],
        ['auditor', 'running'],
      ])
      // The dashboards read the store the analytics part keeps: 503 until its first round, then rows.
      expect(out).toContain(`dashboards      http://127.0.0.1:${gqlPort}/dashboards`)
      expect((await fetch(`http://127.0.0.1:${gqlPort}/dashboards`)).status).toBe(200)
      let data: Response
      for (let i = 0; ; i++) {
        data = await fetch(`http://127.0.0.1:${gqlPort}/dashboards/data/validator_staking_over_time.json`)
        if (data.status !== 503 || i > 100) break
        await new Promise((r) => setTimeout(r, 200))
      }
      expect([data.status, await data.json()]).toEqual([
        200,
        { query: 'validator_staking_over_time', columns: ['bucket', 'kind', 'amount', 'events'], rows: [] },
      ])
      // Read-only SQL over the same DuckDB: answers, refuses a write, and the sync goes on after it.
      expect(out).toContain(`SQL (DuckDB)    http://127.0.0.1:${gqlPort}/sql`)
      const sql = (q: string) =>
        fetch(`http://127.0.0.1:${gqlPort}/sql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ sql: q }),
        }).then(async (r) => [r.status, await r.json()] as const)
      const [okStatus, okBody] = await sql('SELECT count(*) AS n FROM indexer_status')
      expect([okStatus, okBody.rows]).toEqual([200, [['1']]]) // BIGINT as decimal text
      const [dropStatus, dropBody] = await sql('DROP TABLE settlement')
      expect([dropStatus, dropBody.errors?.[0]?.extensions?.code]).toEqual([400, 'READ_ONLY'])
      const afterLock = await fetch(`http://127.0.0.1:${gqlPort}/health`).then((r) => r.json())
      expect(afterLock.parts.find((p: PartHealth) => p.name === 'analytics')).toMatchObject({
        state: 'running',
        restarts: 0,
      })
      // The auditor's evidence directory and the artifact store are served read-only.
      expect(out).toContain(`evidence (HTTP) http://127.0.0.1:${gqlPort}/audits/ (audit verify --from)`)
      fs.mkdirSync(path.join(dir, 'audits'), { recursive: true })
      fs.writeFileSync(path.join(dir, 'audits', 'inference-7.json'), '{}')
      const listing = await fetch(`http://127.0.0.1:${gqlPort}/audits/`)
      expect([listing.status, await listing.json()]).toEqual([200, { files: ['inference-7.json'] }])
      const missing = await fetch(`http://127.0.0.1:${gqlPort}/artifacts/0x${'00'.repeat(32)}`)
      expect(missing.status).toBe(404)
      run.child.kill('SIGTERM')
      const exit = await run.exited
      expect(exit.code, run.output()).toBe(0)
      expect(run.output()).toContain('stopping: indexer, auditor, API, database')
      expect(run.output()).toContain('stopped')
    } finally {
      run.child.kill('SIGKILL')
    }
  })
})

describe('openledger start while indexing', () => {
  it('exits with StackStartError (code 1, stopping what it started) when the indexer fails for good during the initial index', async () => {
    // A manifest with no contract: the indexer fails with EmptyManifestError, which no restart fixes.
    const manifestPath = path.join(dir, 'empty-manifest.json')
    writeManifest(manifestPath, { version: 1, chainId: devnet.chainId, contracts: {} })
    const run = startCli(['--rpc-url', devnet.rpcUrl], {
      MANIFEST: manifestPath,
      DB_URL: dbSettingsToUrl(db.settings),
      GQL_PORT: String(await freePort()),
    })
    try {
      const exit = await Promise.race([
        run.exited,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`start still runs after 90 s:\n${run.output()}`)), 90_000),
        ),
      ])
      const out = run.output()
      expect(exit.code, out).toBe(1)
      expect(out).toContain('indexer failed: EmptyManifestError: ')
      expect(out).toContain('stopping: database')
      expect(out).toContain(
        'StackStartError: The indexer failed before the initial index was complete: EmptyManifestError: The manifest given lists no contracts to index.',
      )
      expect(out).toContain('Everything the start began was stopped. Fix the cause and start again.')
      expect(out).not.toMatch(/^\s+at /m)
    } finally {
      run.child.kill('SIGKILL')
    }
  })

  it('stops in order on Ctrl-C (SIGINT) during the initial index: embedded PostgreSQL and every other descendant gone', async () => {
    // A contract from a block far ahead: the index stays incomplete, start stays at "indexing".
    const manifestPath = path.join(dir, 'far-manifest.json')
    writeManifest(manifestPath, {
      version: 1,
      chainId: devnet.chainId,
      contracts: { WOPEN: { address: '0x00000000000000000000000000000000000000aa', startBlock: 1_000_000 } },
    })
    fs.chmodSync(dir, 0o777)
    const run = startCli(['--rpc-url', devnet.rpcUrl], {
      MANIFEST: manifestPath,
      GQL_PORT: String(await freePort()),
    })
    try {
      await run.waitFor('indexing: 0/', 100_000)
      await run.waitFor('indexer metrics at ', 30_000)
      const below = descendants(run.child.pid as number)
      const postmaster = Number(
        fs.readFileSync(path.join(dir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0],
      )
      expect(below).toContain(postmaster)
      run.child.kill('SIGINT')
      const exit = await run.exited
      const out = run.output()
      expect(exit, out).toEqual({ code: 0, signal: null })
      expect(out).toContain('SIGINT before the start was complete')
      expect(out).toContain('stopping: database')
      expect(out).toMatch(/\bstopped\n/)
      // Stopped in order, not left to the watchdogs: nothing of it runs once it has exited.
      expect(below.filter(alive)).toEqual([])
    } finally {
      run.child.kill('SIGKILL')
    }
  })
})

describe('openledger start (devnet)', () => {
  it('stops in order on Ctrl-C (SIGINT) while deploying: anvil and every other descendant gone', async () => {
    const dataDir = fs.mkdtempSync(path.join(dir, 'devnet-'))
    const run = startCli([], { DATA_DIR: dataDir, GQL_PORT: String(await freePort()) })
    try {
      await run.waitFor('anvil --optimism answering at', 100_000)
      const below = descendants(run.child.pid as number)
      expect(below.length).toBeGreaterThan(0)
      run.child.kill('SIGINT')
      const exit = await run.exited
      const out = run.output()
      expect(exit, out).toEqual({ code: 0, signal: null })
      expect(out).toContain('SIGINT before the start was complete')
      expect(below.filter(alive)).toEqual([])
    } finally {
      run.child.kill('SIGKILL')
    }
  })
})
