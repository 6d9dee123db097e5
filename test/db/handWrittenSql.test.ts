import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureChangeCapture } from '../../src/analytics/ensureChangeCapture'
import { ROLLUP_TABLES } from '../../src/analytics/rollup/index'
import { DASHBOARD_QUERIES } from '../../src/api/analytics/dashboardQueries'
import { dashboardSql } from '../../src/api/analytics/runDashboardQuery'
import {
  SERIES_METRICS,
  type SeriesMetric,
  seriesGroupsOf,
  seriesSql,
} from '../../src/api/analytics/seriesSql'
// Loading the folders that write SQL by hand registers their statements.
import '../../src/api'
import '../../src/audit'
import { applyMigrations } from '../../src/db/applyMigrations'
import { ProcessorDatabase } from '../../src/db/processorDatabase'
import { tables } from '../../src/db/tables/entityTables'
import { handWrittenStatements } from '../../src/db/tables/handWrittenSql'
import { startTestDatabase, type TestDatabase } from '../api/testDatabase'
import { type SqlLiteral, sqlLiterals } from './helpers/sqlLiterals'
import { type SchemaColumns, tablesCreatedBy, unknownNames } from './helpers/sqlNames'

// Every table and column that hand-written SQL names must exist in the schema the migrations
// create (plus typeorm-store's and the analytics sync's own tables, and the catalog): registered
// statements are prepared by PostgreSQL itself; every SQL-looking literal of src/ is scanned as a
// backstop for what is built per call.

/** Files that name typeorm-store's schema themselves besides src/db/tables: none. */
const NAMES_PROCESSOR_SCHEMA = new Set<string>()

let literalsOfSrc: SqlLiteral[] | undefined
/** The SQL-looking literals of src/, read once (the parse takes seconds on a busy machine). */
const srcLiterals = (): SqlLiteral[] => (literalsOfSrc ??= sqlLiterals('src'))

let db: TestDatabase
let client: pg.Client
let schema: SchemaColumns
/** The migrated entity tables' columns, sorted. */
let entityColumns: Map<string, string[]>

beforeAll(async () => {
  db = await startTestDatabase()
  await applyMigrations(db.settings)
  // typeorm-store creates its tables on the processor's first connection, the sync its own.
  const processor = new ProcessorDatabase(db.settings)
  await processor.connect()
  await processor.disconnect()
  client = new pg.Client({ ...db.settings })
  await client.connect()
  await ensureChangeCapture(client, [])
  const { rows } = await client.query<{ schema: string; table: string; column: string }>(
    `SELECT table_schema AS schema, table_name AS table, column_name AS column FROM information_schema.columns
      WHERE table_schema IN ('public', 'squid_processor', 'openledger_analytics', 'pg_catalog', 'information_schema')`,
  )
  schema = new Map()
  entityColumns = new Map()
  for (const r of rows) {
    // Entity tables and the catalog are found on the search path, the others by qualified name.
    const bare = r.schema === 'public' || r.schema === 'pg_catalog'
    for (const name of bare ? [r.table, `${r.schema}.${r.table}`] : [`${r.schema}.${r.table}`])
      schema.set(name, (schema.get(name) ?? new Set()).add(r.column))
    if (r.schema === 'public' && r.table !== 'migrations')
      entityColumns.set(r.table, [...(entityColumns.get(r.table) ?? []), r.column].sort())
  }
}, 120_000)

afterAll(async () => {
  await client?.end().catch(() => {})
  await db?.stop()
})

/** PostgreSQL's answer to preparing `text`: undefined when it parses and every name resolves. */
async function prepareError(text: string): Promise<string | undefined> {
  try {
    await client.query(`PREPARE hand_written AS ${text}`)
    await client.query('DEALLOCATE hand_written')
    return undefined
  } catch (e) {
    return (e as Error).message
  }
}

describe('hand-written SQL against the migrated schema', () => {
  it('prepares every registered statement', async () => {
    const statements = handWrittenStatements()
    // The auditor's, the processor status's and the API's own: a sign the registry was loaded.
    expect([...statements.keys()]).toEqual(
      expect.arrayContaining([
        'audit.settlements',
        'audit.upsertReports',
        'processorStatus.heads',
        'api.analyticsStatus',
        'api.proposalView',
        'api.activity',
        'api.settlementChecks',
        'api.modelRevenueSeries',
        'api.dashboardFilterLists',
      ]),
    )
    const failures: Record<string, string> = {}
    for (const [name, text] of statements) {
      const error = await prepareError(text)
      if (error) failures[name] = error
    }
    expect(failures).toEqual({})
  })

  it('rejects a statement that names a column the table does not have', async () => {
    const r = tables.contributionReward
    expect(await prepareError(`SELECT ${r.columns.weightPpm} FROM ${r.name}`)).toBeUndefined()
    expect(await prepareError(`SELECT weight_pm FROM ${r.name}`)).toMatch(/column "weight_pm" does not exist/)
  })

  it('names, through `tables`, exactly the tables and columns of the migrated entity schema', () => {
    const fromMetadata = Object.values(tables).map((t) => [t.name, Object.values(t.columns).sort()])
    expect(Object.fromEntries(fromMetadata)).toEqual(Object.fromEntries(entityColumns))
  })

  it('finds no unknown table or column in the SQL literals of src', () => {
    const literals = srcLiterals()
    // The scan reads the registered statements' sources too: a sign it finds SQL at all.
    expect(literals.some((l) => l.file.endsWith('settlementQueries.ts'))).toBe(true)
    expect(literals.length).toBeGreaterThan(20)
    const created = tablesCreatedBy(literals.map((l) => l.text))
    const unknown = literals.flatMap((l) =>
      unknownNames(l.text, schema, created).map((n) => `${l.file}:${l.line}: ${n}`),
    )
    expect(unknown).toEqual([])
  })

  it('finds no unknown table or column in the analytics statements (DuckDB mirrors the same tables)', () => {
    const statements = [
      ...DASHBOARD_QUERIES.map((q) => ({ name: `dashboards/${q.name}.sql`, text: dashboardSql(q.name) })),
      ...(Object.keys(SERIES_METRICS) as SeriesMetric[]).flatMap((metric) =>
        ['NONE' as const, ...seriesGroupsOf(metric)].map((group) => ({
          name: `series ${metric} by ${group}`,
          text: seriesSql(metric, group, 10),
        })),
      ),
    ]
    expect(statements.length).toBeGreaterThan(20)
    // The dashboards read the rollup tables the sync keeps in DuckDB (schema rollup) besides the
    // mirrored ones: their declared columns, and the contributor dictionary's.
    const analytics: SchemaColumns = new Map(schema)
    for (const t of ROLLUP_TABLES)
      analytics.set(
        `rollup.${t.name}`,
        new Set(t.columns.split(',').map((c) => c.trim().split(/\s+/)[0] as string)),
      )
    analytics.set('rollup.contributor', new Set(['key', 'id']))
    const unknown = statements.flatMap((s) => unknownNames(s.text, analytics).map((n) => `${s.name}: ${n}`))
    expect(unknown).toEqual([])
  })

  it("leaves the names of typeorm-store's tables to src/db/tables/processorStatus.ts", () => {
    const naming = srcLiterals()
      .filter((l) => /\bsquid_processor\b/.test(l.text) && !l.file.startsWith('src/db/tables/'))
      .map((l) => l.file)
    expect(naming.filter((f) => !NAMES_PROCESSOR_SCHEMA.has(f))).toEqual([])
  })

  it('the scan flags a wrong table, a wrong qualified column and a wrong unqualified column', () => {
    expect(
      unknownNames(
        `SELECT s.protocol_amt, model_idd FROM settlement s JOIN inferences i ON i.id = s.inference_id`,
        schema,
      ),
    ).toEqual(['table inferences', 'column settlement.protocol_amt', 'column model_idd'])
  })
})
