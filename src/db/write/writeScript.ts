import { escapeIdentifier } from 'pg'
import type { EntityManager } from 'typeorm'
import { transactionClient } from '../transactionClient'
import {
  assertKeysFound,
  foreignKeyPlan,
  type KeyCheck,
  keyCheckQuery,
  keyChecks,
} from './batchedForeignKeys'
import { ScriptQuery } from './scriptQuery'
import { arrayLiteral, columnValues, type Statement } from './unnestStatements'

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
  const copies: Buffer[] = []
  const copy = (s: Statement) => {
    parts.push(`COPY ${s.table} (${s.columns.map(escapeIdentifier).join(', ')}) FROM STDIN`)
    copies.push(Buffer.from(copyText(s.cells)))
  }
  const checked: { table: string; checks: KeyCheck[]; at: number }[] = []
  for (const step of steps) {
    for (const s of step.upsert ?? []) parts.push(inline(s))
    const inserts = step.insert ?? []
    if (inserts.length === 0) continue
    const table = inserts[0].table
    const plan = await foreignKeyPlan(em, table)
    if (!plan.batched) {
      for (const s of inserts) copy(s)
      continue
    }
    // The role in force before is kept in a transaction-local setting and restored by the check.
    parts.push(
      `SELECT set_config('openledger.replication_role', current_setting('session_replication_role'), true), set_config('session_replication_role', 'replica', true)`,
    )
    for (const s of inserts) copy(s)
    const checks = keyChecks(plan, columnValues(inserts))
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
  const script = new ScriptQuery(parts.join(';\n'), copies)
  client.query(script)
  const results = await script.done
  for (const c of checked) {
    const counts: Record<string, number> = {}
    for (const [k, v] of Object.entries(results[c.at].rows[0] ?? {})) counts[k] = Number(v)
    assertKeysFound(c.table, c.checks, counts)
  }
  return true
}

/** The statement with its `$n::text[]` parameters replaced by their values as literals. */
function inline(s: Statement): string {
  return s.text.replace(
    /\$(\d+)::text\[\]/g,
    (_, n: string) => `${dollarQuote(s.values[Number(n) - 1])}::text[]`,
  )
}

const COPY_SPECIAL = /[\\\n\r\t]/
const COPY_SPECIAL_ALL = /[\\\n\r\t]/g
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/**
 * Rows in COPY's text format from column-major cells (null is `\N`; backslash, newline, carriage
 * return and tab escaped): the values every column's input function reads, as the unnest insert's
 * casts do.
 */
export function copyText(cells: (string | null)[][]): string {
  const rows = cells[0]?.length ?? 0
  if (rows === 0) return ''
  const lines = new Array<string>(rows)
  for (let r = 0; r < rows; r++) {
    let line = ''
    for (let c = 0; c < cells.length; c++) {
      const v = cells[c][r]
      const text =
        v === null ? '\\N' : COPY_SPECIAL.test(v) ? v.replace(COPY_SPECIAL_ALL, (ch) => COPY_ESCAPES[ch]) : v
      line = c === 0 ? text : `${line}\t${text}`
    }
    lines[r] = line
  }
  return `${lines.join('\n')}\n`
}

// The closing `$` as a lookahead: tags may overlap (`$v0$v$` holds `$v0$` and `$v$`).
const TAGS = /\$v(\d*)(?=\$)/g

/**
 * `text` as a dollar-quoted literal (no escaping: the tag is chosen not to occur in it). The tags
 * that do occur are collected in one pass: trying `$v0$`, `$v1$`, … one scan each would let text
 * from the chain that holds many of them (a 1 MB name of `$v0$$v1$…`) cost minutes.
 *
 * @example
 * dollarQuote('a$v$b') // '$v0$a$v$b$v0$'
 */
export function dollarQuote(text: string): string {
  if (!text.includes('$v')) return `$v$${text}$v$`
  const used = new Set<string>()
  for (const m of text.matchAll(TAGS)) used.add(m[1])
  // Text ending in `$vN` would close early with the tag `$vN$` right after it.
  const tail = /\$v(\d*)$/.exec(text)
  if (tail) used.add(tail[1])
  let n = ''
  for (let i = 0; used.has(n); i++) n = String(i)
  return `$v${n}$${text}$v${n}$`
}
