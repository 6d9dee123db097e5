import { escapeIdentifier } from 'pg'
import type { EntityManager } from 'typeorm'
import { MissingReferenceError } from './errors'

/** One single-column foreign key of a table, as the catalog states it. */
type ForeignKey = { name: string; column: string; refTable: string; refColumn: string; refType: string }

/** How inserts into one table may check their foreign keys. */
export type Plan = { batched: false } | { batched: true; keys: ForeignKey[] }

const PLANS = new WeakMap<object, Map<string, Promise<Plan>>>()

/**
 * Runs `insert` (statements adding rows to `table`) with its foreign keys checked once per call
 * instead of once per row, when that gives the same guarantee; otherwise just runs it.
 *
 * Postgres checks a foreign key with a row trigger: one `SELECT 1 FROM ref WHERE id = $1 FOR KEY
 * SHARE` per inserted row and key, about a third of the server's time for an event table with
 * two keys. Here the statements run with `session_replication_role = replica` (which skips those
 * triggers, for this transaction only) and then, per key, one statement locks every distinct
 * referenced row `FOR KEY SHARE` and counts them: the same existence check and the same lock,
 * set-based. A missing row throws, so the transaction rolls back as on a violation.
 *
 * Only where that is all the triggers would do: the table has no triggers of its own, only
 * single-column keys, and the user may set the parameter (a superuser, as on the embedded
 * server). Anything else keeps Postgres's row triggers.
 *
 * @throws {MissingReferenceError} when a referenced row does not exist (a foreign key violation).
 * @example
 * await withBatchedForeignKeys(em, '"token_transfer"', (col) => values[col], async () => { await em.query(sql, values) })
 */
export async function withBatchedForeignKeys(
  em: EntityManager,
  table: string,
  /** The values written to a column (text, null for NULL), or undefined if not written. */
  valuesOf: (column: string) => (string | null)[] | undefined,
  insert: () => Promise<void>,
): Promise<void> {
  const plan = await foreignKeyPlan(em, table)
  if (!plan.batched) return insert()
  const [{ previous }] = (await em.query(
    `SELECT current_setting('session_replication_role') AS previous, set_config('session_replication_role', 'replica', true)`,
  )) as { previous: string }[]
  await insert()
  // One round trip restores the role and checks every key.
  const checks = keyChecks(plan, valuesOf)
  const [found] = (await em.query(
    keyCheckQuery(checks, (i) => `$${i + 2}`, "set_config('session_replication_role', $1, true)"),
    [previous, ...checks.map((k) => k.ids)],
  )) as Record<string, number>[]
  assertKeysFound(table, checks, found)
}

/** A foreign key of a batched plan and the distinct non-null values an insert gives it. */
export type KeyCheck = { key: ForeignKey; ids: string[] }

/** The keys of a batched `plan` that an insert gives values, with those values. */
export function keyChecks(
  plan: Extract<Plan, { batched: true }>,
  valuesOf: (column: string) => (string | null)[] | undefined,
): KeyCheck[] {
  return plan.keys
    .map((key) => ({ key, ids: distinctValues(valuesOf(key.column)) }))
    .filter((k) => k.ids.length > 0)
}

/**
 * One statement that, per key, locks the distinct referenced rows `FOR KEY SHARE` and counts them
 * (columns n0, n1, …), plus `extra` select expressions. `idsOf(i)` is the SQL of check i's id
 * array (a parameter or a literal).
 */
export function keyCheckQuery(checks: KeyCheck[], idsOf: (i: number) => string, extra?: string): string {
  const locks = checks.map(
    ({ key }, i) =>
      `k${i} AS (SELECT 1 FROM ONLY ${key.refTable} x WHERE x.${escapeIdentifier(key.refColumn)} = ANY(${idsOf(i)}::${key.refType}[]) FOR KEY SHARE OF x)`,
  )
  const counts = checks.map((_, i) => `(SELECT count(*)::int FROM k${i}) AS n${i}`)
  const columns = [...(extra ? [extra] : []), ...counts]
  return `${locks.length ? `WITH ${locks.join(', ')} ` : ''}SELECT ${columns.length ? columns.join(', ') : '1'}`
}

/**
 * @throws {MissingReferenceError} when a count of {@link keyCheckQuery} is short of its ids (a referenced
 * row is missing).
 */
export function assertKeysFound(table: string, checks: KeyCheck[], found: Record<string, number>): void {
  checks.forEach(({ key, ids }, i) => {
    const n = found[`n${i}`]
    if (n !== ids.length)
      throw new MissingReferenceError(
        `insert into ${table} violates foreign key ${key.name}: ${ids.length - n} of the ${key.refTable} rows it references do not exist`,
      )
  })
}

function distinctValues(values: (string | null)[] | undefined): string[] {
  return [...new Set(values ?? [])].filter((v): v is string => v !== null)
}

/**
 * Whether inserts into `table` may have their foreign keys checked per statement, and which keys
 * (read from the catalog once per connection and table).
 */
export function foreignKeyPlan(em: EntityManager, table: string): Promise<Plan> {
  let byTable = PLANS.get(em.connection)
  if (!byTable) {
    byTable = new Map()
    PLANS.set(em.connection, byTable)
  }
  let plan = byTable.get(table)
  if (!plan) {
    plan = readPlan(em, table)
    // A failed catalog read is retried by the next call rather than cached.
    plan.catch(() => byTable?.delete(table))
    byTable.set(table, plan)
  }
  return plan
}

async function readPlan(em: EntityManager, table: string): Promise<Plan> {
  // One round trip: whether the row triggers may be skipped, and the table's keys.
  const [info] = (await em.query(
    `SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
            (SELECT count(*)::int FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal) AS triggers,
            (SELECT count(*)::int FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f' AND cardinality(conkey) <> 1) AS composite,
            (SELECT coalesce(json_agg(json_build_object('name', c.conname, 'column', a.attname,
                      'refTable', c.confrelid::regclass::text, 'refColumn', fa.attname,
                      'refType', format_type(fa.atttypid, NULL)) ORDER BY c.conname), '[]'::json)
               FROM pg_constraint c
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
               JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
              WHERE c.conrelid = $1::regclass AND c.contype = 'f') AS keys`,
    [table],
  )) as { superuser: boolean; triggers: number; composite: number; keys: ForeignKey[] }[]
  if (!info.superuser || info.triggers > 0 || info.composite > 0) return { batched: false }
  // Without keys there is nothing to skip; the plain insert is the same statement.
  return info.keys.length ? { batched: true, keys: info.keys } : { batched: false }
}
