import pg from 'pg'
import type { DbSettings } from './dbSettings'

/**
 * Runs `fn` on a new connection, closed afterwards whatever happens. A dropped connection fails
 * the pending query (reported by `fn`'s caller) instead of crashing the process with an
 * unhandled `error` event.
 *
 * @example
 * const n = await withClient(settings, async (c) => (await c.query('SELECT 1')).rowCount)
 */
export async function withClient<T>(settings: DbSettings, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...settings })
  client.on('error', () => {})
  try {
    await client.connect()
    return await fn(client)
  } finally {
    await client.end().catch(() => {})
  }
}
