import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PartHealth } from '../../src/api/schema/partHealth'
import { DEVNET_PARAMS } from '../../src/chain/deployStack'
import { rpc } from '../../src/chain/rpc'
import { type Devnet, startDevnet } from '../../src/chain/startDevnet'
import { loadConfig } from '../../src/config'
import { dbSettingsToUrl } from '../../src/db/dbSettings'
import type { Progress } from '../../src/demo/demoContext'
import { writeManifest } from '../../src/manifest/manifest'
import { runStart } from '../../src/stack/runStart'
import { freePort } from '../../src/util/freePort'
import { setupDatabase, type TestDatabase } from '../processor/helpers/database'
import { startAll } from '../setup/startAll'

// `start`'s flow called as a function, without a command line: what the CLI wires is all here
// (chain, database, supervised stack, serving until the signal, the stop in order).

let devnet: Devnet
let db: TestDatabase
let dir: string

beforeAll(async () => {
  ;[devnet, db] = await startAll([startDevnet(), setupDatabase()])
  await rpc(devnet.rpcUrl, 'anvil_mine', ['0x10'])
  await rpc(devnet.rpcUrl, 'evm_setIntervalMining', [1])
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-run-start-'))
  writeManifest(path.join(dir, 'manifest.json'), {
    version: 1,
    chainId: devnet.chainId,
    contracts: { WOPEN: { address: '0x00000000000000000000000000000000000000aa', startBlock: 0 } },
  })
}, 120_000)

afterAll(async () => {
  await Promise.allSettled([devnet?.stop(), db?.stop()])
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

/** A Progress that keeps every line and the steps it was asked to show. */
function recorder(): Progress & { lines: string[]; steps: string[] } {
  const lines: string[] = []
  const steps: string[] = []
  return {
    lines,
    steps,
    log: (l) => lines.push(l),
    step: (name) => {
      steps.push(name)
      return { tick: () => {}, done: () => {} }
    },
  }
}

async function config() {
  return loadConfig({
    DATA_DIR: dir,
    RPC_URL: devnet.rpcUrl,
    MANIFEST: path.join(dir, 'manifest.json'),
    DB_URL: dbSettingsToUrl(db.settings),
    GQL_PORT: String(await freePort()),
    PROMETHEUS_PORT: '0',
    ATTRIBUTION_DEVICE: 'cpu',
  })
}

describe('runStart on an existing chain', () => {
  it('serves once the initial index is done, reports every part on /health, and stops in order when its signal aborts', async () => {
    const progress = recorder()
    const shutdown = new AbortController()
    let health: { status: string; parts: PartHealth[] } | undefined
    let served: { url: string; rpcUrl: string } | undefined
    await runStart({
      config: await config(),
      params: DEVNET_PARAMS,
      progress,
      signal: shutdown.signal,
      onServing: ({ stack, rpcUrl }) => {
        served = { url: stack.api.url, rpcUrl }
        // Asked while serving: the run lasts until the signal, so this answers.
        void fetch(stack.api.url.replace(/\/graphql$/, '/health'))
          .then((r) => r.json())
          .then((body) => {
            health = body
            shutdown.abort('SIGTERM')
          })
      },
    })
    expect(served?.rpcUrl).toBe(devnet.rpcUrl)
    expect(progress.steps).toEqual(['indexing'])
    expect(health?.status).toBe('ok')
    expect(health?.parts.map((p) => [p.name, p.state])).toEqual([
      ['indexer', 'running'],
      ['analytics', 'running'],
      ['auditor', 'running'],
    ])
    // No devnet of its own, an external database: only what it started is named, then the end
    // (parts may log while they stop, in between).
    const stopping = progress.lines.indexOf('stopping: indexer, auditor, API, database')
    expect(stopping, progress.lines.join('\n')).toBeGreaterThan(-1)
    expect(progress.lines.at(-1)).toBe('stopped')
    expect(progress.lines).not.toContain('SIGTERM before the start was complete')
    await expect(fetch(served?.url ?? '')).rejects.toThrow()
  })

  it('resolves after stopping what it started when its signal aborts before serving', async () => {
    const progress = recorder()
    const shutdown = new AbortController()
    const run = runStart({
      config: await config(),
      params: DEVNET_PARAMS,
      progress: {
        ...progress,
        // Interrupted while the initial index is under way.
        step: (name, total) => {
          shutdown.abort('SIGINT')
          return progress.step(name, total)
        },
      },
      signal: shutdown.signal,
      onServing: () => {
        throw new Error('must not serve after the signal')
      },
    })
    await expect(run).resolves.toBeUndefined()
    expect(progress.lines).toContain('SIGINT before the start was complete')
    expect(progress.lines.slice(-2)).toEqual(['stopping: database', 'stopped'])
  })
})
