import { escapeIdentifier, escapeLiteral } from 'pg'

/** Runs one SQL text and returns its rows (a pg client's or TypeORM's `query`, adapted). */
export type RunSql = (sql: string) => Promise<Record<string, unknown>[]>

/**
 * Where deferred index definitions wait: a schema of the indexer's own (not squid_processor, which
 * the processor creates concurrently: two `CREATE SCHEMA IF NOT EXISTS` can collide).
 */
const TABLE = 'openledger_indexer.deferred_index'
const CREATE_TABLE = `CREATE SCHEMA IF NOT EXISTS openledger_indexer;
  CREATE TABLE IF NOT EXISTS ${TABLE} (name text PRIMARY KEY, definition text NOT NULL)`

/**
 * The secondary indexes of the entity tables: not a primary key, not unique, backing no
 * constraint. Only these may be missing for a while without changing what the database accepts.
 */
const SECONDARY = `
  SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
   WHERE n.nspname = 'public' AND t.relname <> 'migrations'
     AND NOT x.indisprimary AND NOT x.indisunique
     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`

/**
 * Drops the entity tables' secondary indexes of a database that has indexed nothing yet, keeping
 * their definitions, so that indexing from genesis inserts rows without maintaining them; the
 * indexer rebuilds them all once it reaches the chain head ({@link restoreDeferredIndexes}). One
 * sorted build per index after the bulk load costs less than updating it row by row: for the
 * benchmark's 100k transfers, 0.5 s of inserts plus 0.2 s of builds instead of 1.1 s of inserts.
 * Ponder defers its indexes the same way.
 *
 * Does nothing when the processor has committed any block (its status height is not -1). Queries
 * meanwhile are answered, only slower.
 *
 * @returns the names of the indexes deferred.
 * @example
 * await deferIndexes(runSql(client)) // ['IDX_9ae2e715e6a0c89bb5a9aa2806', …]
 */
export async function deferIndexes(run: RunSql): Promise<string[]> {
  return (await isFreshIndexerDatabase(run)) ? dropSecondaryIndexes(run) : []
}

/**
 * The dropping half of {@link deferIndexes}, for a caller that already knows the database is
 * fresh ({@link isFreshIndexerDatabase}).
 */
export async function dropSecondaryIndexes(run: RunSql): Promise<string[]> {
  const rows = await run(
    `BEGIN; ${CREATE_TABLE};
     INSERT INTO ${TABLE} (name, definition) ${SECONDARY} ON CONFLICT (name) DO NOTHING RETURNING name`,
  )
  const names = rows.map((r) => String(r.name))
  await run([...names.map((n) => `DROP INDEX public.${escapeIdentifier(n)}`), 'COMMIT'].join('; '))
  return names
}

/**
 * Defers the secondary index builds of migrations applied to a database that has indexed nothing
 * yet: instead of creating indexes that {@link deferIndexes} would drop again, their `CREATE INDEX`
 * statements are kept (an index a later migration drops, or whose table it drops, is simply
 * forgotten). Everything else runs in order; a statement other than a new table, constraint or
 * unique index that names a deferred index or its table (a rename, a dropped column…) first gets
 * those indexes built, so it sees the schema it was generated against.
 *
 * @example
 * const deferral = new IndexDeferral()
 * await client.query([...deferral.filter(statements), ...deferral.recordSql()].join(';'))
 */
export class IndexDeferral {
  /** Index name → its `CREATE INDEX` statement, in migration order. */
  readonly deferred = new Map<string, string>()

  /** The statements to run now, in order, for the next migration's `statements`. */
  filter(statements: string[]): string[] {
    const out: string[] = []
    for (const sql of statements) {
      const create = /^\s*CREATE\s+INDEX\s+"([^"]+)"\s+ON\s+(?:"public"\s*\.\s*)?"([^"]+)"/i.exec(sql)
      if (create) {
        this.deferred.set(create[1], sql.trim())
        continue
      }
      const drop = /^\s*DROP\s+INDEX\s+(?:"public"\s*\.\s*)?"([^"]+)"\s*$/i.exec(sql)
      if (drop && this.deferred.delete(drop[1])) continue
      const dropTable = /^\s*DROP\s+TABLE\s+(?:"public"\s*\.\s*)?"([^"]+)"\s*$/i.exec(sql)
      for (const [name, definition] of [...this.deferred])
        if (dropTable && tableOf(definition) === dropTable[1]) this.deferred.delete(name)
      // New tables, constraints and unique indexes do not depend on the other indexes.
      if (dropTable || INDEPENDENT.test(sql)) {
        out.push(sql)
        continue
      }
      for (const [name, definition] of [...this.deferred]) {
        if (sql.includes(`"${name}"`) || sql.includes(`"${tableOf(definition)}"`)) {
          out.push(definition)
          this.deferred.delete(name)
        }
      }
      out.push(sql)
    }
    return out
  }

  /** Statements recording the deferred definitions for {@link restoreDeferredIndexes}. */
  recordSql(): string[] {
    if (this.deferred.size === 0) return []
    const rows = [...this.deferred].map(
      ([name, definition]) => `(${escapeLiteral(name)}, ${escapeLiteral(definition)})`,
    )
    return [
      CREATE_TABLE,
      `INSERT INTO ${TABLE} (name, definition) VALUES ${rows.join(', ')} ON CONFLICT (name) DO UPDATE SET definition = EXCLUDED.definition`,
    ]
  }
}

const INDEPENDENT = /^\s*(CREATE\s+TABLE|CREATE\s+UNIQUE\s+INDEX|ALTER\s+TABLE\s+\S+\s+ADD\s+CONSTRAINT)\s/i

function tableOf(definition: string): string {
  return /\sON\s+(?:"public"\s*\.\s*)?"([^"]+)"/i.exec(definition)?.[1] ?? ''
}

/**
 * Whether the processor has committed nothing yet (no status table, or its height is -1): the
 * database holds no indexed rows, so its secondary indexes may be deferred.
 */
export async function isFreshIndexerDatabase(run: RunSql): Promise<boolean> {
  const [{ status }] = await run(`SELECT to_regclass('squid_processor.status') IS NOT NULL AS status`)
  return !status || (await run('SELECT 1 FROM squid_processor.status WHERE height <> -1')).length === 0
}

/**
 * Rebuilds every index {@link deferIndexes} dropped and forgets them. Run it inside a transaction
 * (the definitions are deleted before the builds): the indexer does it in the batch that reaches
 * the chain head, so the commit that reports it caught up also has its indexes, and at start-up
 * before migrations, which expect the schema they were generated against (a run stopped before
 * the head leaves indexes deferred). Idempotent.
 *
 * @returns the number of indexes built.
 * @example
 * await run('BEGIN'); await restoreDeferredIndexes(run); await run('COMMIT')
 */
export async function restoreDeferredIndexes(run: RunSql): Promise<number> {
  const [{ present }] = await run(`SELECT to_regclass('${TABLE}') IS NOT NULL AS present`)
  if (!present) return 0
  const rows = await run(`DELETE FROM ${TABLE} RETURNING definition`)
  if (rows.length === 0) return 0
  // One script: builds sort in memory rather than in temporary files (the setting ends with the
  // transaction), and dozens of builds on still-empty tables cost no round trip each.
  await run(
    [
      `SELECT set_config('maintenance_work_mem', '256MB', true)`,
      ...rows.map((r) => String(r.definition).replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS ')),
    ].join(';\n'),
  )
  return rows.length
}

/**
 * A {@link RunSql} over a pg client or pool: the rows of the (last) statement.
 *
 * @example
 * await restoreDeferredIndexes(runSql(client))
 */
export function runSql(client: { query(sql: string): Promise<unknown> }): RunSql {
  return async (sql) => {
    const out = (await client.query(sql)) as
      | { rows?: Record<string, unknown>[] }
      | { rows?: Record<string, unknown>[] }[]
    return (Array.isArray(out) ? out[out.length - 1] : out)?.rows ?? []
  }
}
