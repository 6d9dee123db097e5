import pg from 'pg'
import type { DbSettings } from '../../../src/db/dbSettings'
import { type CanonicalQueries, COMPARABLE_TABLES, type ComparableTable } from './peerIndexer'

/** A comparable table's rows, their summed amount (decimal text) and the md5 of its sorted lines. */
export type TableDigest = { rows: number; total: string; md5: string }
export type StateDigest = Record<ComparableTable, TableDigest>

/**
 * Digest of every comparable table: row count, total of the amount column, and md5 over the
 * canonical lines sorted bytewise (COLLATE "C", so locale never changes the order) and joined
 * with newlines. Two indexers with the same state give the same digest whatever their schema.
 *
 * @example
 * const d = await stateDigest(db, oursIndexer.canonical('public'))
 */
export async function stateDigest(db: DbSettings, queries: CanonicalQueries): Promise<StateDigest> {
  const client = new pg.Client({ ...db })
  await client.connect()
  try {
    const out = {} as StateDigest
    for (const table of COMPARABLE_TABLES) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS rows, coalesce(sum(amount), 0)::text AS total,
                coalesce(md5(string_agg(line, E'\\n' ORDER BY line COLLATE "C")), md5('')) AS md5
           FROM (${queries[table]}) AS t`,
      )
      out[table] = rows[0]
    }
    return out
  } finally {
    await client.end()
  }
}

/**
 * The tables whose digests differ between two states (empty when they match).
 *
 * @example
 * differingTables(ours, ponder) // ['balances']
 */
export function differingTables(a: StateDigest, b: StateDigest): ComparableTable[] {
  return COMPARABLE_TABLES.filter(
    (t) => a[t].rows !== b[t].rows || a[t].total !== b[t].total || a[t].md5 !== b[t].md5,
  )
}
