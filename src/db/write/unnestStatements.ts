import type { EntityManager } from 'typeorm'
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata'
import type { EntityClass, EntityWithId } from './entityTypes'
import { BulkWriteError } from './errors'

/**
 * One parameterised statement, ready for `em.query(text, values)`: `cells[i]` holds the text of
 * every row's `columns[i]` (null for NULL) and `values[i]` the same as one array literal;
 * `table` is the escaped table name.
 */
export type Statement = {
  text: string
  values: string[]
  cells: (string | null)[][]
  table: string
  columns: string[]
}

/**
 * Every statement's values of `column` (text, null for NULL), in row order; undefined when the
 * table has no such column. The statements are of one table (from one {@link unnestStatements}).
 *
 * @example
 * columnValues(statements)('from_id') // ['0xab…', …]
 */
export function columnValues(statements: Statement[]): (column: string) => (string | null)[] | undefined {
  return (column) => {
    const i = statements[0]?.columns.indexOf(column) ?? -1
    return i < 0 ? undefined : statements.flatMap((s) => s.cells[i])
  }
}

type Cell = (row: EntityWithId) => string | null

/**
 * Rows per statement. Each column travels as one text array, so the parameter limit does not
 * apply; the cap only bounds the size of one message (and of the strings built for it).
 */
const ROWS_PER_STATEMENT = 50_000

type Plan = { table: string; columns: ColumnMetadata[]; cells: Cell[]; insert: string; upsert: string }
const PLANS = new WeakMap<object, Plan>()

/**
 * Builds the statements that write `rows` (one entity type) as `INSERT … SELECT … FROM
 * unnest($1::text[], $2::text[], …)`: one text array per column, cast back to the column's type in
 * the select list, so a statement has as many parameters as the table has columns whatever the
 * number of rows, and Postgres parses one short statement instead of a `VALUES` list with a
 * placeholder per cell. Values are converted as TypeORM persists them (transformers, relation
 * ids, driver conversions); `undefined` is written as NULL, as TypeORM's insert does.
 *
 * `mode: 'upsert'` adds `ON CONFLICT (id) DO UPDATE SET` every other column (TypeORM's upsert);
 * ids must then be unique within `rows`.
 *
 * @throws {BulkWriteError} when the rows are of different entity types.
 * @example
 * for (const s of unnestStatements(em, transfers, 'insert')) await em.query(s.text, s.values)
 */
export function unnestStatements(
  em: EntityManager,
  rows: EntityWithId[],
  mode: 'insert' | 'upsert',
): Statement[] {
  if (rows.length === 0) return []
  const cls = rows[0].constructor as EntityClass
  for (const r of rows)
    if (r.constructor !== cls)
      throw new BulkWriteError(`rows of different entity types (${cls.name}, ${r.constructor.name})`)
  const plan = planFor(em, cls)
  const out: Statement[] = []
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT)
    const cells = plan.cells.map((cell) => chunk.map(cell))
    let values: string[] | undefined
    out.push({
      text: mode === 'insert' ? plan.insert : plan.upsert,
      // Built on first use: a batch written as a script loads its inserts with COPY from `cells`.
      get values() {
        values ??= cells.map(arrayLiteral)
        return values
      },
      cells,
      table: plan.table,
      columns: plan.columns.map((c) => c.databaseName),
    })
  }
  return out
}

function planFor(em: EntityManager, cls: EntityClass): Plan {
  const meta = em.connection.getMetadata(cls)
  let plan = PLANS.get(meta)
  if (plan) return plan
  const driver = em.connection.driver
  // Foreign-key columns of relations are "virtual" (no property of their own) but are written.
  const columns = meta.columns.filter(
    (c) => c.isInsert && !c.isGenerated && (!c.isVirtual || c.relationMetadata),
  )
  const table = meta.tablePath
    .split('.')
    .map((p) => driver.escape(p))
    .join('.')
  const names = columns.map((c) => driver.escape(c.databaseName))
  // The base type, not the declared length: an explicit cast to varchar(n) would silently
  // truncate, while the assignment to the column raises on overflow as a plain insert does.
  const casts = columns.map((c, i) => `u.c${i}::${driver.normalizeType(c)}${c.isArray ? '[]' : ''}`)
  const args = columns.map((_, i) => `$${i + 1}::text[]`)
  const aliases = columns.map((_, i) => `c${i}`)
  const insert = `INSERT INTO ${table} (${names.join(', ')}) SELECT ${casts.join(', ')} FROM unnest(${args.join(', ')}) AS u(${aliases.join(', ')})`
  const updates = columns
    .filter((c) => !c.isPrimary)
    .map((c) => `${driver.escape(c.databaseName)} = EXCLUDED.${driver.escape(c.databaseName)}`)
  const primary = columns.filter((c) => c.isPrimary).map((c) => driver.escape(c.databaseName))
  const upsert = `${insert} ON CONFLICT (${primary.join(', ')}) ${updates.length ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING'}`
  plan = { table, columns, cells: columns.map((c) => cellOf(em, c)), insert, upsert }
  PLANS.set(meta, plan)
  return plan
}

/** Column types whose values need no driver conversion: strings, numbers and booleans as text. */
const PLAIN_TYPES = new Set([
  'text',
  'varchar',
  'character varying',
  'int4',
  'integer',
  'numeric',
  'bool',
  'boolean',
])
const TIMESTAMP_TYPES = new Set(['timestamp with time zone', 'timestamptz'])

/**
 * How one column's value is written, as text (null for NULL): the value as TypeORM persists it
 * (`preparePersistentValue`: transformer, then driver conversion; relation ids through
 * `getEntityValue`). Plain columns read the property directly, which is the same and is most of
 * the cells of a batch.
 */
function cellOf(em: EntityManager, c: ColumnMetadata): Cell {
  const driver = em.connection.driver
  const generic: Cell = (row) => {
    const v = driver.preparePersistentValue(c.getEntityValue(row), c)
    return v === undefined || v === null ? null : toText(v)
  }
  // A column declared with the String constructor (Subsquid's ids) is a varchar.
  const type = typeof c.type === 'string' ? c.type : c.type === String ? 'varchar' : ''
  const transformer = c.transformer
  const relation = c.relationMetadata
  if (relation && !c.embeddedMetadata && !c.isArray && !transformer && !relation.embeddedMetadata) {
    // The foreign key of a relation held as the referenced entity (or a `{ id }` reference), to
    // its primary `id`: that id as text. Any other shape goes the generic way.
    const referenced = c.referencedColumn
    if (referenced?.propertyName === 'id' && referenced.isPrimary && !referenced.transformer) {
      const holder = relation.propertyName
      return (row) => {
        const ref = (row as unknown as Record<string, unknown>)[holder]
        if (ref === undefined || ref === null) return generic(row)
        const id = typeof ref === 'object' ? (ref as { id?: unknown }).id : undefined
        return typeof id === 'string' ? id : generic(row)
      }
    }
  }
  if (relation || c.embeddedMetadata || c.isArray || Array.isArray(transformer)) return generic
  if (!PLAIN_TYPES.has(type) && !TIMESTAMP_TYPES.has(type)) return generic
  const property = c.propertyName
  const to = transformer ? (v: unknown) => transformer.to(v) : (v: unknown) => v
  const timestamp = TIMESTAMP_TYPES.has(type)
  // Rows of one block share their timestamp: the last one's text is kept.
  let lastTime = Number.NaN
  let lastText = ''
  return (row) => {
    const v = to((row as unknown as Record<string, unknown>)[property])
    if (v === undefined || v === null) return null
    if (typeof v === 'string') return timestamp ? generic(row) : v
    if (v instanceof Date) {
      const time = v.getTime()
      if (time !== lastTime) {
        lastText = v.toISOString()
        lastTime = time
      }
      return lastText
    }
    return timestamp ? generic(row) : String(v)
  }
}

function toText(v: unknown): string | null {
  switch (typeof v) {
    case 'string':
      return v
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(v)
    default:
      if (v === null || v === undefined) return null
      if (v instanceof Date) return v.toISOString()
      if (v instanceof Uint8Array)
        return `\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`
      if (Array.isArray(v)) return arrayLiteral(v.map(toText))
      return JSON.stringify(v)
  }
}

/** Elements that need no quoting in an array literal (and are not the NULL keyword). */
const BARE = /^[0-9A-Za-z_.:+-]+$/

/**
 * A one-dimensional Postgres array literal of text elements (NULL for null).
 *
 * @example
 * arrayLiteral(['a b', null, '1']) // '{"a b",NULL,1}'
 */
export function arrayLiteral(items: (string | null)[]): string {
  const parts = new Array<string>(items.length)
  for (let i = 0; i < items.length; i++) {
    const t = items[i]
    if (t === null) parts[i] = 'NULL'
    else if (BARE.test(t) && !(t.length === 4 && t.toUpperCase() === 'NULL')) parts[i] = t
    else parts[i] = `"${t.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
  }
  return `{${parts.join(',')}}`
}
