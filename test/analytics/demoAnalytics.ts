import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { type AnalyticsStore, openAnalyticsStore, syncAnalytics } from '../../src/analytics'
import { type AnalyticsSource, createDuckDbSource } from '../../src/api/analytics'
import { type ApiServer, startApiServer } from '../../src/api/server/startApiServer'
import { createArtifactStore } from '../../src/attribution/artifactStore'
import { runAuditor } from '../../src/audit'
import { createAuditScorers } from '../../src/audit/createAuditScorers'
import { rpc } from '../../src/chain/rpc'
import type { Devnet } from '../../src/chain/startDevnet'
import type { DemoContext } from '../../src/demo/demoContext'
import { type DemoResult, runDemo } from '../../src/demo/runDemo'
import { setupDatabase, type TestDatabase } from '../processor/helpers/database'
import { startIndexer } from '../processor/helpers/indexUntil'
import { ROOT } from '../setup/chain'
import { startDemoChain } from '../setup/demoChain'

export type DemoAnalytics = {
  ctx: DemoContext
  result: DemoResult
  db: TestDatabase
  /** Admin pool on the indexed database (the PostgreSQL side of comparisons). */
  pool: pg.Pool
  store: AnalyticsStore
  source: AnalyticsSource
  api: ApiServer
  /** http://127.0.0.1:<port> */
  base: string
  /** What the API logged (an unexpected analytics failure shows up here). */
  logs: string[]
  stop(): Promise<void>
}

/**
 * The demo economy at test size on a fresh anvil, indexed into a private PostgreSQL, audited
 * (one AuditReport per settlement, by the real auditor), mirrored into a DuckDB analytics store
 * and served by the API with the dashboards on. Everything is real; nothing is stubbed.
 *
 * @example
 * const d = await startDemoAnalytics(11)
 * afterAll(() => d.stop())
 */
export async function startDemoAnalytics(seed: number): Promise<DemoAnalytics> {
  const cleanups: (() => Promise<void> | void)[] = []
  const logs: string[] = []
  const stop = async () => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {})
  }
  try {
    const { devnet, ctx } = await startDemoChain(seed)
    cleanups.push(() => (devnet as Devnet).stop())
    const inferences = 20
    const result = await runDemo(ctx, { maxEmails: 300, inferences, perRound: 10, device: 'cpu' })
    const db = await setupDatabase()
    cleanups.push(() => db.stop())
    const pool = new pg.Pool({ ...db.settings, max: 3 })
    pool.on('error', () => {})
    cleanups.push(() => pool.end())
    const indexer = startIndexer({ rpcUrl: ctx.rpcUrl, manifest: ctx.manifest, db: db.settings, finality: 2 })
    const head = Number(await ctx.publicClient.getBlockNumber({ cacheTime: 0 }))
    await rpc(ctx.rpcUrl, 'anvil_mine', ['0x3'])
    await indexer.waitFor(head, 120_000)
    await indexer.stop()

    const store = createArtifactStore({ dir: ctx.store.location })
    const scorers = createAuditScorers(store, { device: 'cpu' })
    const done = new AbortController()
    let reports = 0
    await runAuditor({
      pool,
      store,
      scorers,
      signal: done.signal,
      intervalMs: 50,
      onReports: (r) => {
        reports += r.length
        if (reports >= result.inferenceIds.length + result.fineTune.inferenceIds.length) done.abort()
      },
    })
    await scorers.close()

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboards-'))
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
    const analytics = await openAnalyticsStore(path.join(dir, 'analytics.duckdb'))
    cleanups.push(() => analytics.close())
    await syncAnalytics(analytics, pool)
    const source = await createDuckDbSource(analytics.instance)
    cleanups.push(() => source.close())
    const api = await startApiServer({
      connection: db.settings,
      schemaText: fs.readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'),
      port: 0,
      options: { analytics: source, rateLimit: false, log: (l) => logs.push(l) },
    })
    cleanups.push(() => api.close())
    return {
      ctx,
      result,
      db,
      pool,
      store: analytics,
      source,
      api,
      base: api.url.replace(/\/graphql$/, ''),
      logs,
      stop,
    }
  } catch (e) {
    await stop()
    throw e
  }
}
