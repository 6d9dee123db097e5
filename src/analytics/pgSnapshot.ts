import type pg from 'pg'
import { processorStatusSql } from '../db/tables/processorStatus'
import { CAPTURE_SCHEMA } from './ensureChangeCapture'

/** What one sync round reads first in its PostgreSQL snapshot. */
export type SnapshotHead = {
  /** Processor height (highest hot block, else the finalized one); null before it wrote any. */
  height: number | null
  /** The change-log rows visible in the snapshot, as runs of consecutive `seq` [from, to]. */
  runs: [string, string][]
  /** The store that last pruned the change log (null before any did). */
  consumer: string | null
}

/**
 * Opens the sync's snapshot on `client` (REPEATABLE READ, UTC, ISO dates: what COPY prints) and
 * reads the processor height, the change log's consumer and its runs in it.
 *
 * The runs, not a `seq` cursor, are what the sync later deletes: a writer that took a lower
 * `seq` may commit after this snapshot (the auditor writes next to the indexer), and a cursor
 * past it would lose that change; deleting exactly the rows seen leaves it for the next round.
 *
 * @example
 * const head = await openSnapshot(client)
 */
export async function openSnapshot(client: pg.ClientBase): Promise<SnapshotHead> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ')
  await client.query(`SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'`)
  const hasStatus = await client.query<{ ok: boolean }>(processorStatusSql.tablesExist)
  let height: number | null = null
  if (hasStatus.rows[0]?.ok) {
    const r = await client.query<{ h: number | null }>(`SELECT ${processorStatusSql.processedHeight} AS h`)
    height = r.rows[0]?.h ?? null
  }
  const runs = await client.query<{ a: string; b: string }>(
    `SELECT min(seq)::text AS a, max(seq)::text AS b
     FROM (SELECT seq, seq - row_number() OVER (ORDER BY seq) AS g FROM ${CAPTURE_SCHEMA}.change) x
     GROUP BY g ORDER BY 1`,
  )
  const consumer = await client.query<{ consumer: string | null }>(
    `SELECT consumer FROM ${CAPTURE_SCHEMA}.capture`,
  )
  return { height, runs: runs.rows.map((r) => [r.a, r.b]), consumer: consumer.rows[0]?.consumer ?? null }
}

/**
 * Keeps the ids the snapshot's change log names in the temporary table `_sync_ids (tbl, id)`,
 * for the row copies of the same snapshot, and returns how many per table.
 *
 * @example
 * const changed = await stageChangedIds(client) // Map { 'account' => 12, 'token_transfer' => 40 }
 */
export async function stageChangedIds(client: pg.ClientBase): Promise<Map<string, number>> {
  await client.query(
    `CREATE TEMP TABLE _sync_ids ON COMMIT DROP AS SELECT DISTINCT tbl, id FROM ${CAPTURE_SCHEMA}.change`,
  )
  await client.query('ANALYZE _sync_ids')
  // The row copies join these ids to their tables: by primary-key lookups. PostgreSQL's own
  // choice, a hash join over a scan of the whole table, took 3.5x as long at 2 % of a 1M-row
  // table changed (and grows with the table); past 25 % the sync copies the table whole anyway.
  await client.query('SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off')
  const counts = await client.query<{ tbl: string; n: string }>(
    'SELECT tbl, count(*)::text AS n FROM _sync_ids GROUP BY tbl',
  )
  return new Map(counts.rows.map((r) => [r.tbl, Number(r.n)]))
}

/**
 * After DuckDB committed a round: forgets the change-log rows it applied (exactly those, see
 * {@link openSnapshot}) and publishes the status the API reports, in one transaction.
 *
 * @example
 * await finishRound(client, head.runs, { consumer: store.id, height: 120, rowsApplied: 5000, overflowValues: 0 })
 */
export async function finishRound(
  client: pg.ClientBase,
  runs: [string, string][],
  status: { consumer: string; height: number | null; rowsApplied: number; overflowValues: number },
): Promise<void> {
  await client.query('BEGIN')
  try {
    await client.query(`UPDATE ${CAPTURE_SCHEMA}.capture SET consumer = $1`, [status.consumer])
    if (runs.length > 0)
      await client.query(
        `DELETE FROM ${CAPTURE_SCHEMA}.change c USING unnest($1::int8[], $2::int8[]) AS r(a, b)
         WHERE c.seq BETWEEN r.a AND r.b`,
        [runs.map((r) => r[0]), runs.map((r) => r[1])],
      )
    await client.query(
      `INSERT INTO ${CAPTURE_SCHEMA}.sync_status (height, synced_at, rows_applied, overflow_values)
       VALUES ($1, now(), $2, $3)
       ON CONFLICT (one) DO UPDATE SET height = EXCLUDED.height, synced_at = EXCLUDED.synced_at,
         rows_applied = EXCLUDED.rows_applied, overflow_values = EXCLUDED.overflow_values`,
      [status.height, status.rowsApplied, status.overflowValues],
    )
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  }
}
