import type { DuckDBConnection } from '@duckdb/node-api'
import { readCsvSql } from '../copyToFile'
import {
  hourOf,
  ROLLUP_SCHEMA,
  ROLLUP_TABLES,
  type RollupScope,
  type RollupTable,
  WHOLE_SCOPE,
} from './rollupTables'

/**
 * The mirrored tables the rollups read: a change to any other table leaves them as they are, and
 * a database without all of them (not the indexer's) gets no rollups at all.
 */
export const ROLLUP_SOURCES = ['settlement', 'contribution_reward', 'inference', 'audit_report'] as const

/**
 * Drops the rollups: the store mirrors a database without the tables they read.
 *
 * @example
 * await dropRollups(conn)
 */
export async function dropRollups(conn: DuckDBConnection): Promise<void> {
  await conn.run(`DROP SCHEMA IF EXISTS ${R} CASCADE`)
}

const R = ROLLUP_SCHEMA
const changedIn = (tbl: string) => `(SELECT id FROM _rollup_changed WHERE tbl = '${tbl}')`

// The hours whose rollup rows depend on the changed rows, as the mirror holds them now: run
// once before a round's rows are applied (their old hours) and once after (their new hours).
const DIRTY_HOURS = `SELECT ${hourOf('s.timestamp')} AS hour FROM settlement s
  WHERE s.id IN ${changedIn('settlement')}
    OR s.id IN (SELECT r.settlement_id FROM contribution_reward r WHERE r.id IN ${changedIn('contribution_reward')})
    OR s.inference_id IN (SELECT a.inference_id FROM audit_report a WHERE a.id IN ${changedIn('audit_report')})
  UNION SELECT ${hourOf('i.requested_at')} FROM inference i WHERE i.id IN ${changedIn('inference')}`

/**
 * Creates the rollup schema from the mirrored tables as they are, replacing what was there:
 * the first sync round, a rebuild, or a round that copied a source table whole.
 *
 * @example
 * await buildRollups(store.connection) // inside the round's transaction
 */
export async function buildRollups(conn: DuckDBConnection): Promise<void> {
  await conn.run(`DROP SCHEMA IF EXISTS ${R} CASCADE`)
  await conn.run(`CREATE SCHEMA ${R}`)
  await conn.run(
    `CREATE TABLE ${R}.contributor AS SELECT CAST(row_number() OVER (ORDER BY id) AS INTEGER) AS key, id
     FROM (SELECT DISTINCT contributor_id AS id FROM contribution_reward WHERE contributor_id IS NOT NULL)`,
  )
  for (const t of ROLLUP_TABLES) {
    await conn.run(`CREATE TABLE ${R}.${t.name} (${t.columns})`)
    await insertRows(conn, t, WHOLE_SCOPE)
  }
}

/**
 * Before a round applies its changed rows: stages the changed ids of the rollups' source tables
 * (a CSV of `tbl,id` the round copied from PostgreSQL) and notes the hours they were in.
 *
 * @example
 * await noteRollupChanges(conn, copied) // then apply the rows, then updateRollups(conn)
 */
export async function noteRollupChanges(
  conn: DuckDBConnection,
  changed: { file: string; longestLine: number | null },
): Promise<void> {
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE _rollup_changed AS SELECT * FROM ${readCsvSql(changed.file, ['tbl', 'id'], changed.longestLine)}`,
  )
  await conn.run(`CREATE OR REPLACE TEMP TABLE _dirty_hours AS ${DIRTY_HOURS}`)
}

/**
 * After the rows are applied: recomputes the rollup rows of every hour the changes were or are
 * in (and the day and week buckets and contributor totals over them), inside the round's
 * transaction. Returns the number of dirty hours.
 *
 * @example
 * const hours = await updateRollups(conn)
 */
export async function updateRollups(conn: DuckDBConnection): Promise<number> {
  try {
    await conn.run(`INSERT INTO _dirty_hours ${DIRTY_HOURS}`)
    // Keys for every changed reward's contributor, also one whose settlement is not here yet (the
    // indexer writes without foreign-key checks): the round that brings it recomputes its hour
    // but not this reward, which did not change then.
    await conn.run(
      `INSERT INTO ${R}.contributor SELECT CAST((SELECT coalesce(max(key), 0) FROM ${R}.contributor) + row_number() OVER (ORDER BY id) AS INTEGER), id
       FROM (SELECT DISTINCT r.contributor_id AS id FROM contribution_reward r
             WHERE r.id IN ${changedIn('contribution_reward')} AND r.contributor_id IS NOT NULL
               AND r.contributor_id NOT IN (SELECT id FROM ${R}.contributor))`,
    )
    await conn.run(
      'CREATE OR REPLACE TEMP TABLE _dirty_hour AS SELECT DISTINCT hour FROM _dirty_hours WHERE hour IS NOT NULL',
    )
    const span = await conn.runAndReadAll(
      'SELECT count(*), epoch_us(min(hour)), epoch_us(max(hour)) FROM _dirty_hour',
    )
    const [n, lo, hi] = span.getRows()[0] ?? [0, null, null]
    if (Number(n) === 0) return 0
    // Range bounds first: zone maps then skip every row group outside the dirty hours. Spliced
    // as microseconds: an integer, not timestamp text that DuckDB must parse back.
    const lower = `make_timestamp(${BigInt(lo as bigint)})`
    const upper = `(make_timestamp(${BigInt(hi as bigint)}) + INTERVAL 1 HOUR)`
    const inHours = (col: string) =>
      `${col} >= ${lower} AND ${col} < ${upper} AND ${col} IN (SELECT hour FROM _dirty_hour)`
    const tz = (col: string) =>
      `${col} >= CAST(${lower} AS TIMESTAMPTZ) AND ${col} < CAST(${upper} AS TIMESTAMPTZ)`
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE _dirty_contributor AS SELECT DISTINCT contributor FROM ${R}.earned_hour e WHERE ${inHours('e.hour')}`,
    )
    const bucketsOf = (kind: string) =>
      `SELECT DISTINCT '${kind}' AS kind, date_trunc('${kind}', hour) AS bucket FROM _dirty_hour`
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE _dirty_bucket AS ${bucketsOf('day')} UNION ALL ${bucketsOf('week')}`,
    )
    const settlements = `${tz('s.timestamp')} AND ${inHours(hourOf('s.timestamp'))}`
    const scope: RollupScope = {
      settlements,
      rewards: `cr.settlement_id IN (SELECT s.id FROM settlement s WHERE ${settlements})`,
      inferences: `${tz('i.requested_at')} AND ${inHours(hourOf('i.requested_at'))}`,
      buckets: (kind) =>
        `e.hour >= date_trunc('${kind}', ${lower}) AND e.hour < date_trunc('${kind}', ${upper}) + INTERVAL 1 ${kind}
         AND date_trunc('${kind}', e.hour) IN (SELECT bucket FROM _dirty_bucket WHERE kind = '${kind}')`,
      contributors: 'e.contributor IN (SELECT contributor FROM _dirty_contributor)',
    }
    let contributorsNoted = false
    for (const t of ROLLUP_TABLES) {
      if (t.key === 'hour') await conn.run(`DELETE FROM ${R}.${t.name} WHERE ${inHours('hour')}`)
      else if (t.key === 'bucket')
        await conn.run(
          `DELETE FROM ${R}.${t.name} WHERE ${['day', 'week'].map((k) => `(kind = '${k}' AND bucket IN (SELECT bucket FROM _dirty_bucket WHERE kind = '${k}'))`).join(' OR ')}`,
        )
      else {
        // Contributors of the recomputed hours as they are now, besides those they held before.
        if (!contributorsNoted)
          await conn.run(
            `INSERT INTO _dirty_contributor SELECT DISTINCT contributor FROM ${R}.earned_hour e WHERE ${inHours('e.hour')}`,
          )
        contributorsNoted = true
        await conn.run(
          `DELETE FROM ${R}.${t.name} WHERE contributor IN (SELECT contributor FROM _dirty_contributor)`,
        )
      }
      await insertRows(conn, t, scope)
    }
    return Number(n)
  } finally {
    // After a failed statement the transaction only accepts ROLLBACK, which drops them anyway:
    // the round's own error is the one to report.
    for (const t of ['_rollup_changed', '_dirty_hours', '_dirty_hour', '_dirty_contributor', '_dirty_bucket'])
      await conn.run(`DROP TABLE IF EXISTS ${t}`).catch(() => {})
  }
}

async function insertRows(conn: DuckDBConnection, t: RollupTable, scope: RollupScope): Promise<void> {
  const order = scope === WHOLE_SCOPE && t.order ? ` ORDER BY ${t.order}` : ''
  await conn.run(`INSERT INTO ${R}.${t.name} SELECT * FROM (${t.build(scope)})${order}`)
}
