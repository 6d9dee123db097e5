import pg from 'pg'
import { disableChangeCapture, enableChangeCapture } from '../analytics/disableChangeCapture'
import type { Config } from '../config'
import { startDatabase } from '../db'

/** What `analytics disable` dropped, or whether `analytics enable` found them disabled. */
export type AnalyticsCaptureChange =
  | { action: 'disable'; tables: number; changes: number }
  | { action: 'enable'; wasDisabled: boolean }

/**
 * `openledger analytics disable|enable`: drops the change capture from PostgreSQL (the indexer
 * then pays nothing for analytics and `start` syncs nothing) or lets the next sync install it
 * again and rebuild the store. The database is started for the call (an external one connected
 * to) and stopped after it, whatever happened.
 *
 * @example
 * const r = await setAnalyticsCapture({ config, action: 'disable' })
 * if (r.action === 'disable') console.log(`${r.tables} tables`)
 */
export async function setAnalyticsCapture(opts: {
  config: Pick<Config, 'database'>
  action: 'disable' | 'enable'
}): Promise<AnalyticsCaptureChange> {
  const db = await startDatabase(opts.config.database)
  const client = new pg.Client({ ...db.settings })
  try {
    await client.connect()
    if (opts.action === 'disable') return { action: 'disable', ...(await disableChangeCapture(client)) }
    return { action: 'enable', wasDisabled: await enableChangeCapture(client) }
  } finally {
    await client.end().catch(() => {})
    await db.stop()
  }
}
