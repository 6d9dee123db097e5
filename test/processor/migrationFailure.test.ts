import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MigrationError } from '../../src/db/errors'
import { runIndexer } from '../../src/processor/runIndexer'
import { setupDatabase, type TestDatabase } from './helpers/database'

// Migrations run while the processor starts; their failure must still end the run with the
// MigrationError itself, whatever the processor is doing (here: retrying an unreachable node).

let db: TestDatabase

beforeAll(async () => {
  db = await setupDatabase()
}, 60_000)

afterAll(async () => {
  await db?.stop()
})

describe('a failing migration', () => {
  it('stops the indexer with MigrationError before any batch', async () => {
    const settings = await db.createDatabase('broken')
    // A table in the way of the first migration's CREATE TABLE.
    await db.query('CREATE TABLE account (id int)', [], settings)
    const run = runIndexer({
      config: {
        rpcUrl: 'http://127.0.0.1:9',
        database: { kind: 'external', url: 'postgres://unused' },
        metricsPort: 0,
      },
      manifest: {
        version: 1,
        chainId: 31337,
        contracts: { WOPEN: { address: '0x0000000000000000000000000000000000000001', startBlock: 0 } },
      },
      db: settings,
      serveMetrics: false,
    })
    await expect(run).rejects.toBeInstanceOf(MigrationError)
  }, 30_000)
})
