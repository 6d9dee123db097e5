import pg from 'pg'
import type { DbSettings } from '../../../src/db/dbSettings'
import type { Manifest } from '../../../src/manifest/manifest'
import type { TestDatabase } from './database'
import { startIndexer } from './indexUntil'

/** Tables left out of digests: progress bookkeeping that legitimately differs between runs. */
const EXCLUDED = new Set(['migrations', 'indexer_status'])

/**
 * md5 of every entity table's rows (ordered by id) in the public schema, by table name, and of
 * the schema's index definitions (as `(indexes)`).
 *
 * @example
 * expect(await digestTables(a)).toEqual(await digestTables(b))
 */
export async function digestTables(settings: DbSettings): Promise<Record<string, string>> {
  const client = new pg.Client({ ...settings })
  await client.connect()
  try {
    const tables = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
    const out: Record<string, string> = {}
    for (const { table_name: t } of tables.rows) {
      if (EXCLUDED.has(t)) continue
      const r = await client.query<{ n: string; h: string | null }>(
        `SELECT count(*)::text AS n, md5(string_agg(x::text, '|' ORDER BY x.id)) AS h FROM "${t}" x`,
      )
      out[t] = `${r.rows[0].n}:${r.rows[0].h ?? '-'}`
    }
    // The indexes too: one deferred while indexing from genesis must be back once at the head.
    const idx = await client.query<{ h: string }>(
      `SELECT md5(string_agg(indexdef, '|' ORDER BY indexdef)) AS h FROM pg_indexes WHERE schemaname = 'public'`,
    )
    out['(indexes)'] = idx.rows[0].h
    return out
  } finally {
    await client.end()
  }
}

/**
 * Indexes the chain again from scratch into a new database `name` on the same server, directly
 * from the node, up to block `final` (height and hash), and returns the digests of `indexed` and
 * of that clean index, to compare.
 *
 * @example
 * const [a, b] = await digestsAgainstCleanIndex({ db, rpcUrl, manifest, final, name: 'clean' })
 * expect(a).toEqual(b)
 */
export async function digestsAgainstCleanIndex(opts: {
  db: TestDatabase
  rpcUrl: string
  manifest: Manifest
  final: { number: bigint; hash: string }
  name: string
  finality?: number
}): Promise<[Record<string, string>, Record<string, string>]> {
  const clean = await opts.db.createDatabase(opts.name)
  const idx = startIndexer({
    rpcUrl: opts.rpcUrl,
    manifest: opts.manifest,
    db: clean,
    finality: opts.finality,
  })
  try {
    await idx.waitForHash(Number(opts.final.number), opts.final.hash, 90_000)
  } finally {
    await idx.stop()
  }
  return Promise.all([digestTables(opts.db.settings), digestTables(clean)])
}
