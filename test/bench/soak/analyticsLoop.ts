/**
 * The soak's analytics sync as a process of its own (so it can be SIGKILLed mid-round): one
 * {@link syncAnalytics} round from PostgreSQL into a DuckDB file every `intervalMs`, as `start`'s
 * analytics part does, a line per round. SIGTERM ends it after the current round.
 * Usage: node --import tsx analyticsLoop.ts <postgres url> <duckdb file> [intervalMs]
 */
import pg from 'pg'
import { openAnalyticsStore } from '../../../src/analytics/openAnalyticsStore'
import { syncAnalytics } from '../../../src/analytics/syncAnalytics'

async function main() {
  const [url, file, interval = '2000'] = process.argv.slice(2)
  if (!url || !file) throw new Error('usage: analyticsLoop.ts <postgres url> <duckdb file> [intervalMs]')
  let stopping = false
  process.once('SIGTERM', () => {
    stopping = true
  })
  const store = await openAnalyticsStore(file)
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  pool.on('error', () => {})
  try {
    while (!stopping) {
      try {
        const r = await syncAnalytics(store, pool)
        console.log(
          `round ${r.mode} rows=${r.rows} changes=${r.changes} height=${r.height ?? '-'} ms=${r.ms}`,
        )
      } catch (e) {
        // Retryable by design (the database restarting, a reorg mid-round): the next round redoes it.
        console.log(`round failed: ${(e as Error).name}: ${(e as Error).message.split('\n')[0]}`)
      }
      for (let waited = 0; waited < Number(interval) && !stopping; waited += 100)
        await new Promise((r) => setTimeout(r, 100))
    }
  } finally {
    await pool.end()
    store.close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
