/** Columns by table: entity tables by bare name (and `public.<name>`), others as `<schema>.<name>`. */
export type SchemaColumns = Map<string, Set<string>>

const NAME = '[a-z_][a-z0-9_]*'
// Keywords are written in capitals in this code base; names in lower case.
const TABLE_REF = new RegExp(
  `\\b(?:FROM|JOIN|UPDATE)\\s+(${NAME}(?:\\.${NAME})?)\\b(?!\\s*\\()(?:\\s+(?:AS\\s+)?(${NAME})\\b)?`,
  'g',
)
// A FROM clause kept apart (`from: 'contribution_reward r JOIN settlement s ON …'`).
const LEADING_REF = new RegExp(
  `^\\s*(${NAME}(?:\\.${NAME})?)(?:\\s+(?:AS\\s+)?(${NAME}))?\\s+(?:(?:LEFT|INNER|CROSS)\\s+)?JOIN\\b`,
)
const INSERT_REF = new RegExp(`\\bINTO\\s+(${NAME}(?:\\.${NAME})?)\\b`, 'g')
const CTE = new RegExp(`\\b(${NAME})\\s+AS\\s+(?:MATERIALIZED\\s+)?\\(`, 'g')
const OUTPUT_ALIAS = new RegExp(`\\bAS\\s+(${NAME})(?:\\s*\\(([^)]*)\\))?`, 'g')
const QUALIFIED = new RegExp(`(?<![.\\w$])(${NAME})\\.(${NAME})\\b(?!\\s*\\()`, 'g')
// SQL's own names of more than one word, written without parentheses.
const SQL_WORDS = new Set([
  'current_user',
  'session_user',
  'current_role',
  'current_schema',
  'current_date',
  'current_timestamp',
  'current_time',
  'local_time',
  'localtimestamp',
])
// Unqualified names of more than one word: single words (`fee`, `timestamp`) are too often SQL.
const SNAKE = /(?<![.\w$:])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b(?!\s*\()(?!\.)/g

/**
 * The tables and columns `sql` names that `schema` lacks, as `table <name>`, `column
 * <table>.<column>` (qualified by a table or its alias) or `column <name>` (unqualified, of more
 * than one word, in none of the statement's tables). Heuristic, for the literals that cannot be
 * prepared: names built per call (`__expr__`), CTEs, subquery aliases and output aliases are left
 * alone, and a fragment naming no table is not checked for unqualified columns.
 *
 * @example
 * unknownNames('SELECT weight_pm FROM contribution_reward', schema) // ['column weight_pm']
 */
export function unknownNames(
  sql: string,
  schema: SchemaColumns,
  created: ReadonlySet<string> = new Set(),
): string[] {
  const text = sql
    .replace(/--[^\n]*/g, '')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"[^"]*"/g, '""')
    // extract(field FROM value) is no table reference.
    .replace(/\bextract\(\s*\w+\s+FROM\b/g, 'extract(')
  const ctes = new Set([...text.matchAll(CTE)].map((m) => m[1]))
  const aliases = new Set(
    [...text.matchAll(OUTPUT_ALIAS)].flatMap((m) => [m[1], ...(m[2]?.split(',').map((s) => s.trim()) ?? [])]),
  )
  const out: string[] = []
  /** Table (key of `schema`) of each table name and alias the statement binds; undefined: not a table. */
  const bound = new Map<string, string | undefined>()
  const leading = LEADING_REF.exec(text)
  const refs = [
    ...(leading ? [[leading[1], leading[2]] as const] : []),
    ...[...text.matchAll(TABLE_REF)].map((m) => [m[1], m[2]] as const),
    ...[...text.matchAll(INSERT_REF)].map((m) => [m[1], undefined] as const),
  ]
  for (const [table, alias] of refs) {
    const dynamic = table.includes('__expr__') || ctes.has(table) || created.has(table)
    const known = !dynamic && schema.has(table)
    if (!dynamic && !known) out.push(`table ${table}`)
    const key = known ? table : undefined
    for (const name of [table, table.split('.').pop() ?? table, alias])
      if (name) bound.set(name, bound.has(name) && bound.get(name) !== key ? undefined : key)
  }
  for (const m of text.matchAll(QUALIFIED)) {
    const table = bound.get(m[1])
    if (table && !m[2].includes('__expr__') && !schema.get(table)?.has(m[2]))
      out.push(`column ${table}.${m[2]}`)
  }
  const tables = [...new Set([...bound.values()].filter((t): t is string => t !== undefined))]
  if (tables.length === 0) return out
  for (const m of text.matchAll(SNAKE)) {
    const name = m[1]
    if (
      SQL_WORDS.has(name) ||
      bound.has(name) ||
      ctes.has(name) ||
      aliases.has(name) ||
      name.includes('__expr__')
    )
      continue
    if (!tables.some((t) => schema.get(t)?.has(name))) out.push(`column ${name}`)
  }
  return [...new Set(out)]
}

const CREATED = new RegExp(
  `\\b(?:CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:TEMP|TEMPORARY)\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?|(?:NEW|OLD)\\s+TABLE\\s+AS\\s+)(${NAME})\\b`,
  'g',
)

/**
 * The tables the statements themselves create for a session or a trigger (temporary tables,
 * transition tables): names a schema cannot know.
 *
 * @example
 * tablesCreatedBy(['CREATE TEMP TABLE _ids ON COMMIT DROP AS SELECT …']) // Set { '_ids' }
 */
export function tablesCreatedBy(texts: readonly string[]): Set<string> {
  return new Set(texts.flatMap((t) => [...t.matchAll(CREATED)].map((m) => m[1])))
}
