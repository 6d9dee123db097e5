/**
 * The processor's progress as @subsquid/typeorm-store 1.5 keeps it, in the one place that names
 * its tables. `initTransaction` creates them on the processor's first connection:
 *
 * - `status (id int4 PK, height int4, hash text, nonce int4)`: one row, id 0, the finalized head
 *   (height -1 before any block);
 * - `hot_block (height int4 PK, hash text)`: the unfinalized blocks above it, a continuous chain;
 * - `hot_change_log (block_height, index, change jsonb)`: the rollback log of the hot blocks.
 *
 * Statements are plain SQL texts (or scalar subqueries to embed), so each caller keeps its own
 * connection, transaction and statement gate.
 */
import { handWrittenSql } from './handWrittenSql'

/**
 * typeorm-store's status schema: its default `stateSchema`, which {@link ProcessorDatabase}
 * passes explicitly so the library and these statements name the same schema.
 */
export const PROCESSOR_SCHEMA = 'squid_processor'

/**
 * Qualified names of typeorm-store's tables.
 *
 * @example
 * `SELECT count(*) FROM ${processorTables.hotChangeLog}`
 */
export const processorTables = {
  status: `${PROCESSOR_SCHEMA}.status`,
  hotBlock: `${PROCESSOR_SCHEMA}.hot_block`,
  hotChangeLog: `${PROCESSOR_SCHEMA}.hot_change_log`,
} as const

const FINALIZED_HEIGHT = `(SELECT height FROM ${processorTables.status} WHERE id = 0)`

/**
 * Statements over the processor's tables. A reader whose database the processor never touched
 * gets 42P01 (no table) or 3F000 (no schema) from the ones that read them.
 *
 * @example
 * await pool.query(`SELECT count(*) FROM settlement WHERE block_number <= ${processorStatusSql.finalizedHeight}`)
 */
export const processorStatusSql = {
  /** `height, hash, nonce` of the finalized head; no row before the processor first connected. */
  finalizedHead: `SELECT height, hash, nonce FROM ${processorTables.status} WHERE id = 0`,
  /** Scalar subquery: the finalized height (null before the processor first connected). */
  finalizedHeight: FINALIZED_HEIGHT,
  /** `hash, height` of every hot block, lowest first. */
  hotBlocks: `SELECT hash, height FROM ${processorTables.hotBlock} ORDER BY height`,
  /** `hot`: whether any hot block is committed. */
  hasHotBlocks: `SELECT EXISTS (SELECT 1 FROM ${processorTables.hotBlock}) AS hot`,
  /**
   * Scalar expression: the processed height, the highest hot block else the finalized head (null
   * before the processor first connected).
   */
  processedHeight: `greatest(${FINALIZED_HEIGHT}, (SELECT max(height) FROM ${processorTables.hotBlock}))`,
  /** `height, hash` of the processed head (the highest hot block, else the finalized head). */
  processedHead: `SELECT height, hash FROM ${processorTables.hotBlock}
UNION ALL SELECT height, hash FROM ${processorTables.status} WHERE id = 0
ORDER BY height DESC LIMIT 1`,
  /**
   * One row `finalized height, finalized hash, processed height, processed hash` (positional:
   * the API reads rows as arrays), none before the processor first connected.
   */
  heads: `SELECT f.height, f.hash, COALESCE(h.height, f.height), COALESCE(h.hash, f.hash)
FROM ${processorTables.status} AS f
LEFT JOIN LATERAL (SELECT height, hash FROM ${processorTables.hotBlock} ORDER BY height DESC LIMIT 1) AS h ON true
WHERE f.id = 0`,
  /** `ok`: whether the status table exists (reads nothing else, so it never fails for a missing table). */
  statusExists: `SELECT to_regclass('${processorTables.status}') IS NOT NULL AS ok`,
  /** `ok`: whether the status and hot block tables both exist. */
  tablesExist: `SELECT to_regclass('${processorTables.status}') IS NOT NULL AND to_regclass('${processorTables.hotBlock}') IS NOT NULL AS ok`,
  /** A row when the processor has committed a block (its finalized height is not -1). */
  anyBlockCommitted: `SELECT 1 FROM ${processorTables.status} WHERE height <> -1`,
} as const

for (const [name, text] of Object.entries(processorStatusSql))
  handWrittenSql(`processorStatus.${name}`, text.startsWith('SELECT') ? text : `SELECT ${text}`)

/** A pg `Client`, `PoolClient` or `Pool`. */
export type StatusClient = {
  query<R extends Record<string, unknown>>(sql: string): Promise<{ rows: R[] }>
}

/** The finalized head the processor committed. */
export type FinalizedHead = { height: number; hash: string }

/**
 * Reads the finalized head; undefined before the processor first connected (no row). Errors of
 * the query (no table yet: 42P01, 3F000) are the caller's to judge.
 *
 * @example
 * const head = await readFinalizedHead(pool) // { height: 41, hash: '0x…' }
 */
export async function readFinalizedHead(client: StatusClient): Promise<FinalizedHead | undefined> {
  const { rows } = await client.query<{ height: number; hash: string }>(processorStatusSql.finalizedHead)
  const row = rows[0]
  return row && { height: row.height, hash: row.hash }
}
