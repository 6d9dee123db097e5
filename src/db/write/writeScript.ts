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
    copies.push(copyRows(s.cells))
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
 * return and tab escaped), as the UTF-8 bytes sent: the values every column's input function
 * reads, as the unnest insert's casts do. Written straight into a buffer: a string of the rows
 * (a rope of 10 cells a row) then `Buffer.from` cost three times as long, ~0.3 s of the indexer's
 * main thread for 100k transfers.
 *
 * @example
 * copyRows([['1', '2'], ['a', null]]) // <Buffer '1\ta\n2\t\\N\n'>
 */
export function copyRows(cells: (string | null)[][]): Buffer {
  const rows = cells[0]?.length ?? 0
  if (rows === 0) return Buffer.alloc(0)
  const columns = cells.map(copyColumn)
  const last = columns.length - 1
  // Sized from the first row; grown when a longer value comes.
  let size = 1024
  for (const column of columns) size += (column[0].length + 1) * rows
  let out = Buffer.allocUnsafe(size)
  let at = 0
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c <= last; c++) {
      const v = columns[c][r]
      // A UTF-16 unit is at most 3 UTF-8 bytes; 1 more for the separator.
      if (at + v.length * 3 + 1 > out.length) {
        const grown = Buffer.allocUnsafe(2 * out.length + v.length * 3)
        out.copy(grown, 0, 0, at)
        out = grown
      }
      at += out.write(v, at)
      out[at++] = c === last ? NEWLINE : TAB
    }
  }
  return out.subarray(0, at)
}

const NEWLINE = 0x0a
const TAB = 0x09

/** A column's cells as COPY text; the column itself when no cell needs escaping (the usual case). */
function copyColumn(column: (string | null)[]): string[] {
  let clean = true
  for (const v of column)
    if (v === null || COPY_SPECIAL.test(v)) {
      clean = false
      break
    }
  if (clean) return column as string[]
  return column.map((v) =>
    v === null ? '\\N' : COPY_SPECIAL.test(v) ? v.replace(COPY_SPECIAL_ALL, (ch) => COPY_ESCAPES[ch]) : v,
  )
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
