import type { DuckDBInstance } from '@duckdb/node-api'
import { openAnalyticsReader } from '../analytics/openAnalyticsReader'
import type { AnalyticsSource } from '../api/analytics/AnalyticsSource'
import { createDuckDbSource } from '../api/analytics/createDuckDbSource'
import type { SqlServing } from '../api/server/sqlRoute'

/**
 * The analytics `serve` offers: the store opened read-only, as the dashboards' source and for
 * `POST /sql`. Undefined (with the reason printed, e.g. AnalyticsLockedError while `start` holds
 * the file) when it cannot be opened: the GraphQL API runs without them.
 *
 * @example
 * const analytics = await openServedAnalytics(config.analyticsPath)
 */
export async function openServedAnalytics(
  file: string,
  log: (line: string) => void = (l) => console.warn(l),
): Promise<{ source: AnalyticsSource; sql: SqlServing; close(): void } | undefined> {
  let instance: DuckDBInstance
  try {
    instance = await openAnalyticsReader(file)
  } catch (e) {
    log(`[serve] analytics off: ${(e as Error).name}: ${(e as Error).message}`)
    return undefined
  }
  const source = await createDuckDbSource(instance)
  return {
    source,
    sql: { instance, lockDown: { allowedDirectories: [] } },
    close: () => {
      source.close()
      instance.closeSync()
    },
  }
}
