import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PartHealth } from '../../src/api/schema/partHealth'
import { rpc } from '../../src/chain/rpc'
import { type Devnet, startDevnet } from '../../src/chain/startDevnet'
import { dbSettingsToUrl } from '../../src/db/dbSettings'
import type { Manifest } from '../../src/manifest/manifest'
import { type Stack, startStack } from '../../src/stack/startStack'
import { alive, goneWithin } from '../children/processAlive'
import { setupDatabase, type TestDatabase } from '../processor/helpers/database'
import { ROOT } from '../setup/chain'
import { startAll } from '../setup/startAll'

// `start`'s long-running half (startStack) with the real parts: anvil, embedded PostgreSQL, the
// indexer, the auditor and the API. The auditor is made to fail for real (the table it reads is
// renamed away and back), the indexer by a reorg deeper than its finality, then anvil is killed.

// anvil's first three dev accounts (its default test mnemonic).
const DEV_ACCOUNTS = [
  '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
]

let devnet: Devnet
let db: TestDatabase
let stack: Stack
let dir: string
const lines: string[] = []

type Health = { status: string; reason?: string; parts: PartHealth[] }

async function health(): Promise<{ http: number; body: Health }> {
  const res = await fetch(stack.api.url.replace(/\/graphql$/, '/health'))
  return { http: res.status, body: (await res.json()) as Health }
}

async function squidStatus(): Promise<{ height: number | null; parts: PartHealth[] | null }> {
  const res = await fetch(stack.api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: '{ squidStatus { height parts { name state since lastError restarts } } }',
    }),
  })
  const body = (await res.json()) as { data?: { squidStatus: { height: number; parts: PartHealth[] } } }
  if (!body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body)}`)
  return body.data.squidStatus
}

type AnalyticsStatus = {
  syncedHeight: number | null
  processorHeight: number | null
  lagBlocks: number | null
}

async function analyticsStatus(): Promise<AnalyticsStatus | null> {
  const res = await fetch(stack.api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ analyticsStatus { syncedHeight processorHeight lagBlocks } }' }),
  })
  const body = (await res.json()) as { data?: { analyticsStatus: AnalyticsStatus | null } }
  if (!body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body)}`)
  return body.data.analyticsStatus
}

const part = (parts: PartHealth[], name: string) => parts.find((p) => p.name === name) as PartHealth

/** Polls `read` until `check` holds (20 s at most) and returns the last value read. */
async function until<T>(read: () => Promise<T>, check: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000
  let value = await read()
  while (!check(value)) {
    if (Date.now() > deadline) throw new Error(`not reached within 20 s; last: ${JSON.stringify(value)}`)
    await new Promise((r) => setTimeout(r, 100))
    value = await read()
  }
  return value
}

beforeAll(async () => {
  ;[devnet, db] = await startAll([startDevnet(), setupDatabase()])
  await rpc(devnet.rpcUrl, 'anvil_mine', ['0x8'])
  await rpc(devnet.rpcUrl, 'evm_setIntervalMining', [1])
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-stack-'))
  // No contract lives at this address: the indexer indexes blocks and status, which is all this needs.
  const manifest: Manifest = {
    version: 1,
    chainId: devnet.chainId,
    contracts: { WOPEN: { address: '0x00000000000000000000000000000000000000aa', startBlock: 0 } },
  }
  stack = await startStack({
    config: {
      database: { kind: 'external', url: dbSettingsToUrl(db.settings) },
      metricsPort: 0,
      gqlPort: 0,
      dataDir: dir,
      artifactDir: path.join(dir, 'artifacts'),
      attributionDevice: 'cpu',
    },
    manifest,
    rpcUrl: devnet.rpcUrl,
    db: db.settings,
    devnet,
    schemaText: fs.readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'),
    log: (l) => lines.push(l),
    processor: { finalityConfirmation: 2 },
    supervisor: { backoff: { initialMs: 100, maxMs: 400 } },
    auditorIntervalMs: 100,
    api: { rateLimit: false },
    beforeServing: async (pool) => {
      await until(
        () =>
          pool.query('SELECT height FROM squid_processor.status WHERE id = 0').catch(() => ({ rows: [] })),
        (r) => (r.rows[0]?.height ?? 0) > 0,
      )
    },
  })
}, 120_000)

afterAll(async () => {
  await stack?.stop()
  await Promise.allSettled([devnet?.stop(), db?.stop()])
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

describe('start degrades instead of dying', () => {
  it('reports every part running at first', async () => {
    const { http, body } = await health()
    expect(http).toBe(200)
    expect(body.status).toBe('ok')
    expect(body.parts.map((p) => [p.name, p.state, p.restarts, p.lastError])).toEqual([
      ['devnet', 'running', 0, null],
      ['indexer', 'running', 0, null],
      ['analytics', 'running', 0, null],
      ['auditor', 'running', 0, null],
    ])
    expect((await squidStatus()).height).toBeGreaterThan(0)
  })

  it('restarts a failing auditor with backoff, says so on /health and in squidStatus, and serves meanwhile', async () => {
    await db.query('ALTER TABLE settlement RENAME TO settlement_away')
    try {
      const failing = await until(health, ({ body }) => {
        const a = part(body.parts, 'auditor')
        return a.state === 'restarting' && a.restarts >= 2
      })
      expect(failing.http).toBe(200)
      expect(failing.body.status).toBe('degraded')
      expect(failing.body.reason).toBe('auditor restarting')
      // Publicly only the class name (pg names its errors 'error'); the SQL error text is in the log.
      expect(part(failing.body.parts, 'auditor').lastError).toBe('Error')
      expect(JSON.stringify(failing.body)).not.toContain('settlement')
      const status = await squidStatus()
      expect(status.height).toBeGreaterThan(0)
      // A second read: the auditor may be between attempts (restarting) or in one (running) by now.
      const auditor = part(status.parts!, 'auditor')
      expect(auditor).toMatchObject({ lastError: 'Error' })
      expect(['restarting', 'running']).toContain(auditor.state)
      expect(auditor.restarts).toBeGreaterThanOrEqual(2)
      expect(part(status.parts!, 'indexer')).toMatchObject({ state: 'running', restarts: 0 })
    } finally {
      await db.query('ALTER TABLE settlement_away RENAME TO settlement')
    }
    // The analytics sync mirrors `settlement` too: it may fail and back off meanwhile, and recovers
    // on its own schedule, so the whole stack is ok once every part runs again.
    const recovered = await until(health, ({ body }) => body.parts.every((p) => p.state === 'running'))
    expect(recovered.body.status).toBe('ok')
    expect(part(recovered.body.parts, 'auditor').restarts).toBeGreaterThanOrEqual(2)
    const failures = lines.filter((l) => l.startsWith('auditor failed: '))
    expect(failures.length).toBeGreaterThanOrEqual(2)
    expect(failures[0]).toMatch(/does not exist; restarting in 100 ms$/)
    expect(failures[1]).toMatch(/restarting in 200 ms$/)
    expect(lines).toContain('auditor restarted (restart 1)')
  })

  it('syncs DuckDB next to the indexer with its lag in analyticsStatus; a failing sync is restarted while the rest serves', async () => {
    const synced = await until(analyticsStatus, (a) => (a?.syncedHeight ?? 0) > 0)
    expect(synced?.lagBlocks).toBeGreaterThanOrEqual(0)
    expect(synced?.processorHeight).toBeGreaterThanOrEqual(synced?.syncedHeight as number)
    expect(
      lines.some((l) => /^analytics: .*analytics\.duckdb at block \d+: full sync of \d+ rows/.test(l)),
    ).toBe(true)
    // The sync cannot publish its status: its rounds fail, the part restarts, the indexer goes on.
    await db.query('ALTER TABLE openledger_analytics.sync_status RENAME TO sync_status_away')
    try {
      const failing = await until(health, ({ body }) => part(body.parts, 'analytics').restarts >= 2)
      expect(part(failing.body.parts, 'analytics').lastError).toBe('AnalyticsSyncError')
      expect(part(failing.body.parts, 'indexer')).toMatchObject({ state: 'running' })
      expect((await squidStatus()).height).toBeGreaterThan(0)
    } finally {
      await db.query('ALTER TABLE openledger_analytics.sync_status_away RENAME TO sync_status')
    }
    await until(health, ({ body }) => part(body.parts, 'analytics').state === 'running')
    const after = await until(analyticsStatus, (a) => (a?.syncedHeight ?? 0) > (synced?.syncedHeight ?? 0))
    expect(after?.lagBlocks).toBeGreaterThanOrEqual(0)
  })

  it('restarts an indexer stopped by a reorg deeper than its finality, which fails again: it never carries on silently', async () => {
    const indexedBefore = (await squidStatus()).height as number
    // Six blocks replaced (finality is 2), each holding a transfer the original blocks did not have.
    const txs = Array.from({ length: 6 }, (_, i) => [
      { from: DEV_ACCOUNTS[1], to: DEV_ACCOUNTS[2], value: `0x${(1000 + i).toString(16)}` },
      i,
    ])
    await rpc(devnet.rpcUrl, 'anvil_reorg', [6, txs])
    // Two restarts: the restarted indexer checks its finalized block again and fails again.
    const failing = await until(health, ({ body }) => {
      const indexer = part(body.parts, 'indexer')
      return indexer.restarts >= 2 && indexer.state === 'restarting'
    })
    const indexer = part(failing.body.parts, 'indexer')
    expect(indexer.lastError).toBe('DeepReorgError')
    expect(failing.body).toMatchObject({ status: 'degraded', reason: 'indexer restarting' })
    // The API keeps answering with what was indexed before the reorg.
    const status = await squidStatus()
    expect(status.height).toBeGreaterThanOrEqual(indexedBefore - 2)
    expect(lines.some((l) => /^indexer failed: DeepReorgError: .*; restarting in \d+ ms$/.test(l))).toBe(true)
  })

  it('reports the devnet down when anvil dies, keeps serving what is indexed, and does not restart anvil', async () => {
    const before = (await squidStatus()).height as number
    process.kill(devnet.pid, 'SIGKILL')
    await goneWithin(devnet.pid, 5_000)
    const down = await until(health, ({ body }) => part(body.parts, 'devnet').state === 'down')
    expect(down.http).toBe(200)
    expect(down.body.status).toBe('degraded')
    // The indexer may be between two failures on the deep reorg of the test before.
    expect(down.body.reason).toMatch(/^devnet down(, indexer restarting)?$/)
    expect(part(down.body.parts, 'devnet')).toMatchObject({
      restarts: 0,
      lastError: 'DevnetExitedError',
    })
    // The API answers from what was indexed.
    await new Promise((r) => setTimeout(r, 1_500))
    const status = await squidStatus()
    expect(status.height).toBeGreaterThanOrEqual(before)
    expect(part(status.parts!, 'devnet').state).toBe('down')
    expect(part(status.parts!, 'indexer').lastError).toBe('DeepReorgError')
    expect(lines.some((l) => l.startsWith('devnet is down: DevnetExitedError'))).toBe(true)
    expect(alive(devnet.pid)).toBe(false)
  })

  it('stops promptly although the indexer is retrying a dead RPC', async () => {
    const started = Date.now()
    await stack.stop()
    expect(Date.now() - started).toBeLessThan(10_000)
    await expect(fetch(stack.api.url.replace(/\/graphql$/, '/health'))).rejects.toThrow()
  })
})
