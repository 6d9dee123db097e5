import {
  type DuckDBConnection,
  DuckDBDecimalValue,
  type DuckDBInstance,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBType,
  type DuckDBValue,
  INTEGER,
  TIMESTAMPTZ,
  VARCHAR,
} from '@duckdb/node-api'
import type { StatementQueueError } from '../errors'
import { Semaphore } from '../read/Semaphore'
import type { AnalyticsParam, AnalyticsParams, AnalyticsSource, AnalyticsValue } from './AnalyticsSource'
import { AnalyticsUnavailableError } from './errors'

export type DuckDbSourceOptions = {
  /** Connections (statements running at once). @default 2 */
  connections?: number
  /** A statement running longer is interrupted. @default 5000 */
  timeoutMs?: number
  /** Statements waiting for a connection; one more is refused. @default 64 */
  maxQueue?: number
  /** Longest wait for a connection, ms. @default 15000 */
  maxWaitMs?: number
}

// Parameters are typed by name, so a NULL filter still binds (DuckDB cannot infer its type).
const PARAM_TYPES: Record<string, DuckDBType> = {
  from: TIMESTAMPTZ,
  to: TIMESTAMPTZ,
  limit: INTEGER,
}

/**
 * An {@link AnalyticsSource} over a DuckDB instance: a few connections of its own (session time
 * zone UTC, so buckets are UTC days), a bounded queue, and a timeout that interrupts the
 * statement. Values come back as bigint (integers, whole decimals), Date (timestamps), number,
 * string or boolean.
 *
 * @throws {AnalyticsUnavailableError} from `query`: `timeout`, `busy` (queue full or wait too long), `not_ready` (not synced yet), `failed`.
 * @example
 * const source = await createDuckDbSource(instance, { timeoutMs: 5000 })
 * await source.query('SELECT count(*) FROM settlement', {})
 */
export async function createDuckDbSource(
  instance: DuckDBInstance,
  options: DuckDbSourceOptions = {},
): Promise<AnalyticsSource & { close(): void }> {
  const count = options.connections ?? 2
  const timeoutMs = options.timeoutMs ?? 5000
  const free: DuckDBConnection[] = []
  for (let i = 0; i < count; i++) {
    const c = await instance.connect()
    // Only when needed: an instance already in UTC may also have its configuration locked
    // (the SQL endpoint's lock-down), and then any SET fails.
    const tz = await c.runAndReadAll("SELECT current_setting('TimeZone')")
    if (tz.getRows()[0]?.[0] !== 'UTC') await c.run("SET TimeZone = 'UTC'")
    free.push(c)
  }
  const all = [...free]
  const gate = new Semaphore(count, {
    maxQueue: options.maxQueue ?? 64,
    maxWaitMs: options.maxWaitMs ?? 15_000,
  })
  return {
    async query(sql, params) {
      const release = await gate.acquire().catch((e: unknown) => {
        throw new AnalyticsUnavailableError(
          'busy',
          `Too many analytics statements at once: ${(e as StatementQueueError).shortMessage}`,
          { cause: e },
        )
      })
      const connection = free.pop() as DuckDBConnection
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        connection.interrupt()
      }, timeoutMs)
      try {
        const { values, types } = bind(params)
        const reader = await connection.runAndReadAll(sql, values, types)
        return { columns: reader.columnNames(), rows: reader.getRows().map((r) => r.map(toValue)) }
      } catch (cause) {
        if (timedOut)
          throw new AnalyticsUnavailableError('timeout', `The analytics query ran past ${timeoutMs} ms.`, {
            cause,
          })
        // Before the first sync round the mirrored tables do not exist yet.
        if (/Catalog Error: Table with name \S+ does not exist/.test(String(cause)))
          throw new AnalyticsUnavailableError(
            'not_ready',
            'The analytics store has not synced its tables yet; try again shortly.',
            { cause },
          )
        throw new AnalyticsUnavailableError('failed', 'The analytics query failed.', { cause })
      } finally {
        clearTimeout(timer)
        free.push(connection)
        release()
      }
    },
    close() {
      for (const c of all) c.closeSync()
    },
  }
}

function bind(params: AnalyticsParams): {
  values: Record<string, DuckDBValue>
  types: Record<string, DuckDBType>
} {
  const values: Record<string, DuckDBValue> = {}
  const types: Record<string, DuckDBType> = {}
  for (const [name, value] of Object.entries(params)) {
    values[name] = toDuckDb(value)
    types[name] = PARAM_TYPES[name] ?? VARCHAR
  }
  return { values, types }
}

function toDuckDb(value: AnalyticsParam): DuckDBValue {
  if (value instanceof Date) return new DuckDBTimestampTZValue(BigInt(value.getTime()) * 1000n)
  return value
}

function toValue(v: DuckDBValue): AnalyticsValue {
  if (
    v === null ||
    typeof v === 'bigint' ||
    typeof v === 'number' ||
    typeof v === 'string' ||
    typeof v === 'boolean'
  )
    return v
  if (v instanceof DuckDBTimestampTZValue || v instanceof DuckDBTimestampValue)
    return new Date(Number(v.micros / 1000n))
  if (v instanceof DuckDBDecimalValue) return v.scale === 0 ? v.value : Number(v.toString())
  return String(v)
}
