import fs from 'node:fs'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { AnalyticsLockedError, AnalyticsOpenError } from './errors'

/**
 * Opens the analytics store read-only, for a process that only queries it (`serve`): several
 * such processes may hold the file at once. DuckDB allows no more while a process has it open
 * for writing (`start`, `analytics sync`): then not even a read-only open succeeds, and this
 * says so with {@link AnalyticsLockedError}. A read-only instance sees the file as it was when
 * opened; it does not follow later syncs.
 *
 * @throws {AnalyticsLockedError} (retryable) while another process holds the file for writing.
 * @throws {AnalyticsOpenError} when there is no store at `file` yet, or it is not a DuckDB file.
 * @example
 * const instance = await openAnalyticsReader(config.analyticsPath)
 * const source = await createDuckDbSource(instance)
 */
export async function openAnalyticsReader(file: string): Promise<DuckDBInstance> {
  const resolved = path.resolve(file)
  if (!fs.existsSync(resolved))
    throw new AnalyticsOpenError(resolved, {
      cause: new Error('no such file: run `openledger start` or `openledger analytics sync` first'),
    })
  try {
    const instance = await DuckDBInstance.create(resolved, { access_mode: 'READ_ONLY' })
    // As the writing store's sessions: buckets and printed times in UTC.
    const c = await instance.connect()
    await c.run(`SET GLOBAL TimeZone = 'UTC'`)
    c.closeSync()
    return instance
  } catch (cause) {
    const held = /Conflicting lock is held in .*\(PID (\d+)\)/.exec(String(cause))
    if (held) throw new AnalyticsLockedError(resolved, Number(held[1]), { cause })
    throw new AnalyticsOpenError(resolved, { cause })
  }
}
