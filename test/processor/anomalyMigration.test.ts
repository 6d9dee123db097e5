import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { applyMigrations } from '../../src/db/applyMigrations'
import { MIGRATIONS_DIR } from '../../src/db/createDataSource'
import { setupDatabase, type TestDatabase } from './helpers/database'

let db: TestDatabase

beforeAll(async () => {
  db = await setupDatabase()
})

afterAll(async () => {
  await db?.stop()
})

it('gives anomalies indexed before logIndex existed their log index, and the status a zero skip count', async () => {
  // The database as the migrations before the one adding IndexingAnomaly.logIndex left it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-migrations-'))
  const files = fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.js'))
    .sort()
  const adding = files.findIndex((f) =>
    fs.readFileSync(path.join(MIGRATIONS_DIR, f), 'utf8').includes('"log_index"'),
  )
  for (const f of files.slice(0, adding)) fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f))
  await applyMigrations(db.settings, dir)
  await db.query(
    `INSERT INTO indexing_anomaly (id, kind, contract, address, topics, data, message, block_number, tx_hash)
     VALUES ('0000000012-000034', 'UNKNOWN_EVENT', 'WOPEN', '0xe', '{}', '0x', 'unknown event', 12, '0x1')`,
  )
  await db.query(
    `INSERT INTO indexer_status (id, height, hash, chain_height, lag, events_indexed, anomalies, updated_at)
     VALUES ('processor', 12, '0x2', 12, 0, 5, 1, now())`,
  )
  await applyMigrations(db.settings)
  expect(await db.query('SELECT id, log_index, field, original FROM indexing_anomaly')).toEqual([
    { id: '0000000012-000034', log_index: 34, field: null, original: null },
  ])
  expect(
    await db.query('SELECT skipped_logs, last_skipped_block, last_skip_reason FROM indexer_status'),
  ).toEqual([{ skipped_logs: 0, last_skipped_block: null, last_skip_reason: null }])
  fs.rmSync(dir, { recursive: true, force: true })
})
