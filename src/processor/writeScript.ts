import type { EntityManager } from 'typeorm'
import {
  assertKeysFound,
  foreignKeyPlan,
  type KeyCheck,
  keyCheckQuery,
  keyChecks,
} from './batchedForeignKeys'
import { transactionClient } from './storeInternals'
import { arrayLiteral, type Statement } from './unnestStatements'

/** One entity type's prepared writes: its upserts, then its inserts. */
export type WriteStep = { upsert?: Statement[]; insert?: Statement[] }

/**
 * Sends a batch's prepared writes ({@link unnestStatements}), entity type by entity type in the
 * given order, as one multi-statement query: values inlined as dollar-quoted array literals, inserts
 * with their foreign keys checked once per statement ({@link withBatchedForeignKeys}'s check, in
 * the same script). Same statements and the same checks as writing type by type, in one round trip
 * instead of one per statement: each round trip waited for the event loop, which is busy computing
 * the next batch meanwhile.
 *
 * Needs the transaction's own connection (`em.queryRunner`); returns false without writing
 * anything when there is none, so the caller writes statement by statement.
 *
 * @throws {BulkWriteError} when a referenced row does not exist (the transaction must roll back).
 * @example
 * await writeAsScript(em, [{ upsert: accountStatements }, { insert: transferStatements }])
 */
export async function writeAsScript(em: EntityManager, steps: WriteStep[]): Promise<boolean> {
  const client = await transactionClient(em)
  if (!client) return false
  const parts: string[] = []
  const checked: { table: string; checks: KeyCheck[]; at: number }[] = []
  for (const step of steps) {
    for (const s of step.upsert ?? []) parts.push(inline(s))
    const inserts = step.insert ?? []
    if (inserts.length === 0) continue
    const table = inserts[0].table
    const plan = await foreignKeyPlan(em, table)
    if (!plan.batched) {
      for (const s of inserts) parts.push(inline(s))
      continue
    }
    // The role in force before is kept in a transaction-local setting and restored by the check.
    parts.push(
      `SELECT set_config('openledger.replication_role', current_setting('session_replication_role'), true), set_config('session_replication_role', 'replica', true)`,
    )
    for (const s of inserts) parts.push(inline(s))
    const checks = keyChecks(plan, valuesOf(inserts))
    const ids = checks.map((c) => dollarQuote(arrayLiteral(c.ids)))
    parts.push(
      keyCheckQuery(
        checks,
        (i) => ids[i],
        `set_config('session_replication_role', current_setting('openledger.replication_role'), true)`,
      ),
    )
    checked.push({ table, checks, at: parts.length - 1 })
  }
  if (parts.length === 0) return true
  const out = await client.query(parts.join(';\n'))
  const results = (Array.isArray(out) ? out : [out]) as { rows: Record<string, number>[] }[]
  for (const c of checked) assertKeysFound(c.table, c.checks, results[c.at].rows[0])
  return true
}

/** The statement with its `$n::text[]` parameters replaced by their values as literals. */
function inline(s: Statement): string {
  return s.text.replace(
    /\$(\d+)::text\[\]/g,
    (_, n: string) => `${dollarQuote(s.values[Number(n) - 1])}::text[]`,
  )
}

/** Every statement's values of `column`, in order (undefined if the table has no such column). */
function valuesOf(statements: Statement[]) {
  return (column: string) => {
    const i = statements[0].columns.indexOf(column)
    return i < 0 ? undefined : statements.flatMap((s) => s.cells[i])
  }
}

/** `text` as a dollar-quoted literal (no escaping: the tag is chosen not to occur in it). */
function dollarQuote(text: string): string {
  let tag = '$v$'
  for (let i = 0; text.includes(tag); i++) tag = `$v${i}$`
  return `${tag}${text}${tag}`
}
