import { escapeIdentifier, escapeLiteral } from 'pg'
import type { DbSettings } from './dbSettings'
import { IndexBuildError } from './errors'
import { processorStatusSql } from './tables/processorStatus'
import { withClient } from './withClient'

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

/** The table of an index definition, as a migration (`ON "t"`) or pg_get_indexdef (`ON public.t`) writes it. */
function tableOf(definition: string): string {
  const m = /\sON\s+(?:ONLY\s+)?(?:"?public"?\s*\.\s*)?(?:"([^"]+)"|([^\s("]+))/i.exec(definition)
  return m?.[1] ?? m?.[2] ?? ''
}

/**
 * Whether the processor has committed nothing yet (no status table, or its height is -1): the
 * database holds no indexed rows, so its secondary indexes may be deferred.
 */
export async function isFreshIndexerDatabase(run: RunSql): Promise<boolean> {
  const [{ ok }] = await run(processorStatusSql.statusExists)
  return !ok || (await run(processorStatusSql.anyBlockCommitted)).length === 0
}

/** Tables smaller than this have their indexes built together, in one transaction. */
const SMALL_TABLE_BYTES = 1 << 20

/**
 * Rebuilds every index {@link deferIndexes} dropped, on `connections` connections at once (a
 * build runs on one core; the indexer calls this right after the batch that reaches the chain
 * head commits, when nothing else runs): the indexes of large tables one per transaction,
 * costliest first, those of small tables (dozens, mostly empty) together in one. Each
 * transaction forgets the definitions it builds, so a failure or a crash midway leaves the rest
 * deferred for the next run, which rebuilds them at start-up before migrations (they expect the
 * schema they were generated against). Idempotent.
 *
 * @returns the number of indexes built.
 * @throws {IndexBuildError} when a build fails (the other builds still finish).
 * @example
 * await restoreDeferredIndexes(settings) // 66
 */
export async function restoreDeferredIndexes(
  settings: DbSettings,
  opts: {
    connections?: number
    /** Plans on this connection instead of a new one (the builds use their own). */
    run?: RunSql
  } = {},
): Promise<number> {
  const jobs = await (opts.run ? planBuilds(opts.run) : withClient(settings, (c) => planBuilds(runSql(c))))
  if (jobs.length === 0) return 0
  const n = Math.max(1, Math.min(opts.connections ?? 2, jobs.length))
  // With several builds at once the connections are the parallelism: a build's own parallel
  // workers would only contend with them (2 connections without workers: 180 ms for the
  // benchmark's 100k transfers; with them 190-230 ms; 1 connection 230-300 ms). Commits as the
  // batches do (a crash losing one loses its DELETE too, so the next start builds it).
  const settingsSql = [
    'SET LOCAL synchronous_commit = off',
    ...(n > 1 ? ['SET LOCAL max_parallel_maintenance_workers = 0'] : []),
  ]
  let next = 0
  let built = 0
  const failures: unknown[] = []
  const worker = (run: RunSql) => async () => {
    for (let job = jobs[next++]; job; job = jobs[next++]) {
      try {
        // Sorting in memory rather than in temporary files (the setting ends with the transaction).
        await run(
          [
            'BEGIN',
            `SELECT set_config('maintenance_work_mem', '256MB', true)`,
            ...settingsSql,
            `DELETE FROM ${TABLE} WHERE name IN (${job.map((j) => escapeLiteral(j.name)).join(', ')})`,
            ...job.map((j) => j.definition.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS ')),
            'COMMIT',
          ].join(';\n'),
        )
        built += job.length
      } catch (cause) {
        failures.push(cause)
        await run('ROLLBACK').catch(() => {})
      }
    }
  }
  await Promise.all(Array.from({ length: n }, () => withClient(settings, (c) => worker(runSql(c))())))
  if (failures.length) throw new IndexBuildError(jobs.flat().length - built, { cause: failures[0] })
  return built
}

type BuildJob = { name: string; definition: string }[]

/**
 * The deferred indexes as build jobs, costliest first so that the last to finish is a short one:
 * those of large tables one each, ordered by the table's size times the width of the index key
 * (sampled from 1000 rows: a 66-character hash sorts slower than an int), then those of small
 * tables together.
 */
async function planBuilds(run: RunSql): Promise<BuildJob[]> {
  const [{ present }] = await run(`SELECT to_regclass('${TABLE}') IS NOT NULL AS present`)
  if (!present) return []
  const rows = await run(`SELECT name, definition FROM ${TABLE}`)
  const sizes = await run(
    `SELECT relname, pg_relation_size(oid)::float8 AS bytes FROM pg_class
      WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'`,
  )
  const bytes = new Map(sizes.map((r) => [String(r.relname), Number(r.bytes)]))
  const indexes = rows.map((r) => {
    const definition = String(r.definition)
    const table = tableOf(definition)
    return { name: String(r.name), definition, table, cost: bytes.get(table) ?? 0 }
  })
  const large = indexes.filter((i) => i.cost >= SMALL_TABLE_BYTES)
  const small = indexes.filter((i) => i.cost < SMALL_TABLE_BYTES)
  const widths = large.length
    ? await run(
        large
          .map(
            (i, k) =>
              `SELECT ${k} AS k, (SELECT avg(pg_column_size(ROW(${keyOf(i.definition)}))) FROM (SELECT * FROM public.${escapeIdentifier(i.table)} LIMIT 1000) s)::float8 AS width`,
          )
          .join(' UNION ALL '),
      ).catch(() => [])
    : []
  for (const w of widths) large[Number(w.k)].cost *= Number(w.width) || 1
  large.sort((a, b) => b.cost - a.cost)
  return [...large.map((i) => [i]), ...(small.length ? [small] : [])].map((job) =>
    job.map(({ name, definition }) => ({ name, definition })),
  )
}

/** The key of an index definition: what its first parentheses after the table hold. */
function keyOf(definition: string): string {
  const open = definition.indexOf('(', definition.search(/\sON\s/i))
  let depth = 0
  for (let i = open; i >= 0 && i < definition.length; i++) {
    if (definition[i] === '(') depth++
    else if (definition[i] === ')' && --depth === 0) return definition.slice(open + 1, i)
  }
  return 'NULL'
}

/**
 * A {@link RunSql} over a pg client or pool: the rows of the (last) statement.
 *
 * @example
 * await isFreshIndexerDatabase(runSql(client)) // true
 */
export function runSql(client: { query(sql: string): Promise<unknown> }): RunSql {
  return async (sql) => {
    const out = (await client.query(sql)) as
      | { rows?: Record<string, unknown>[] }
      | { rows?: Record<string, unknown>[] }[]
    return (Array.isArray(out) ? out[out.length - 1] : out)?.rows ?? []
  }
}
