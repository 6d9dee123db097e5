import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PartHealth } from '../../src/api/schema/squidStatusField'
import { freePort } from '../../src/chain/freePort'
import { type Manifest, writeManifest } from '../../src/chain/manifest'
import { rpc } from '../../src/chain/rpc'
import { type Devnet, startDevnet } from '../../src/chain/startDevnet'
import { dbSettingsToUrl } from '../../src/db/dbSettings'
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
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), 'start', '--rpc-url', devnet.rpcUrl],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          MANIFEST: manifestPath,
          DB_URL: dbSettingsToUrl(db.settings),
          DB_HOST: '',
          DATA_DIR: dir,
          GQL_PORT: String(gqlPort),
          PROMETHEUS_PORT: '0',
          ATTRIBUTION_DEVICE: 'cpu',
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
    try {
      const deadline = Date.now() + 100_000
      while (!out.includes('running; a failing part is restarted')) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`start did not come up:\n${out}`)
        await new Promise((r) => setTimeout(r, 200))
      }
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
      // The auditor's evidence directory and the artifact store are served read-only.
      expect(out).toContain(`evidence (HTTP) http://127.0.0.1:${gqlPort}/audits/ (audit verify --from)`)
      fs.mkdirSync(path.join(dir, 'audits'), { recursive: true })
      fs.writeFileSync(path.join(dir, 'audits', 'inference-7.json'), '{}')
      const listing = await fetch(`http://127.0.0.1:${gqlPort}/audits/`)
      expect([listing.status, await listing.json()]).toEqual([200, { files: ['inference-7.json'] }])
      const missing = await fetch(`http://127.0.0.1:${gqlPort}/artifacts/0x${'00'.repeat(32)}`)
      expect(missing.status).toBe(404)
      child.kill('SIGTERM')
      const exit = await exited
      expect(exit.code, out).toBe(0)
      expect(out).toContain('stopping: indexer, auditor, API, database')
      expect(out).toContain('stopped')
    } finally {
      child.kill('SIGKILL')
    }
  })
})
