import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rpc } from '../../src/chain/rpc'
import { type Devnet, startDevnet } from '../../src/chain/startDevnet'
import { dbSettingsToUrl } from '../../src/db/dbSettings'
import type { Manifest } from '../../src/manifest/manifest'
import { StackStartError } from '../../src/stack/errors'
import { type StackOptions, startStack } from '../../src/stack/startStack'
import { setupDatabase, type TestDatabase } from '../processor/helpers/database'
import { ROOT } from '../setup/chain'
import { startAll } from '../setup/startAll'

// startStack before it serves, with the real indexer, anvil and PostgreSQL: a part that fails for
// good ends the start (no endless wait for an index that never comes), and a start can be abandoned.

let devnet: Devnet
let db: TestDatabase
let dir: string

beforeAll(async () => {
  ;[devnet, db] = await startAll([startDevnet(), setupDatabase()])
  await rpc(devnet.rpcUrl, 'anvil_mine', ['0x8'])
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-stack-start-'))
}, 120_000)

afterAll(async () => {
  await Promise.allSettled([devnet?.stop(), db?.stop()])
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

/** startStack's options for `contracts`, waiting in beforeServing until its signal aborts (as an index that never completes). */
function options(
  contracts: Manifest['contracts'],
  lines: string[],
): StackOptions & { waited: Promise<AbortSignal> } {
  let waitedFor: (signal: AbortSignal) => void = () => {}
  const waited = new Promise<AbortSignal>((r) => {
    waitedFor = r
  })
  return {
    waited,
    config: {
      database: { kind: 'external', url: dbSettingsToUrl(db.settings) },
      metricsPort: 0,
      gqlPort: 0,
      dataDir: dir,
      artifactDir: path.join(dir, 'artifacts'),
      attributionDevice: 'cpu',
    },
    manifest: { version: 1, chainId: devnet.chainId, contracts },
    rpcUrl: devnet.rpcUrl,
    db: db.settings,
    devnet,
    schemaText: fs.readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'),
    log: (l) => lines.push(l),
    supervisor: { backoff: { initialMs: 100, maxMs: 400 } },
    beforeServing: (_pool, signal) =>
      new Promise<void>((_, reject) => {
        signal.addEventListener('abort', () => {
          waitedFor(signal)
          reject(new Error('waiting abandoned'))
        })
      }),
  }
}

describe('startStack before serving', () => {
  it('ends with StackStartError, naming the cause, when the indexer fails for good during the initial index', async () => {
    const lines: string[] = []
    const opts = options({}, lines)
    const started = Date.now()
    const err = await startStack(opts).catch((e) => e)
    expect(err).toBeInstanceOf(StackStartError)
    expect(err.shortMessage).toBe(
      'The indexer failed before the initial index was complete: EmptyManifestError: The manifest given lists no contracts to index.',
    )
    expect(err.message).toContain('Everything the start began was stopped. Fix the cause and start again.')
    expect(Date.now() - started).toBeLessThan(20_000)
    // The wait for the index was told to stop; the failure was logged as every failure is.
    expect((await opts.waited).aborted).toBe(true)
    expect(lines.some((l) => l.startsWith('indexer failed: EmptyManifestError: '))).toBe(true)
  })

  it('stops what it started and rejects with the reason when its signal aborts while indexing', async () => {
    const lines: string[] = []
    const ac = new AbortController()
    // A contract from a block far ahead: the indexer runs and waits, the index never completes.
    const opts = {
      ...options(
        { WOPEN: { address: '0x00000000000000000000000000000000000000aa', startBlock: 1_000_000 } },
        lines,
      ),
      signal: ac.signal,
    }
    const starting = startStack(opts)
    const deadline = Date.now() + 60_000
    while (!lines.some((l) => l.startsWith('indexer metrics at '))) {
      if (Date.now() > deadline) throw new Error(`the indexer did not start:\n${lines.join('\n')}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    const metrics = (lines.find((l) => l.startsWith('indexer metrics at ')) as string).slice(19)
    expect((await fetch(metrics)).status).toBe(200)
    ac.abort('SIGINT')
    const started = Date.now()
    await expect(starting).rejects.toBe('SIGINT')
    expect(Date.now() - started).toBeLessThan(10_000)
    // The indexer was stopped (its metrics server with it), and nothing failed on the way.
    await expect(fetch(metrics)).rejects.toThrow()
    expect(lines.filter((l) => / failed: /.test(l))).toEqual([])
  })
})
