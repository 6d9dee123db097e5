import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type ApiServer, startApiServer } from '../../src/api'
import { applyMigrations } from '../../src/db'
import { startTestDatabase, type TestDatabase } from '../api/testDatabase'
import { seedIndexedData } from '../bench/api/seedIndexedData'
import { runLoad } from './autocannon'
import { runK6Script } from './runK6Script'

// A short, bounded autocannon run (loopback only) of the explorer mix against the real schema.
let db: TestDatabase
let api: ApiServer
beforeAll(async () => {
  db = await startTestDatabase()
  await applyMigrations(db.settings)
  await seedIndexedData(db.admin, { inferences: 2000 })
  const schemaText = fs.readFileSync(path.join(__dirname, '..', '..', 'schema.graphql'), 'utf8')
  api = await startApiServer({
    connection: db.settings,
    schemaText,
    port: 0,
    // The k6 abuse script's scenarios tell themselves apart by X-Forwarded-For.
    options: { host: '127.0.0.1', rateLimit: false, trustProxy: 1, log: () => {} },
  })
})
afterAll(async () => {
  await api?.close()
  await db?.stop()
})

it('serves the explorer mix under load with no errors and no non-2xx answers', async () => {
  const r = await runLoad({ url: api.url, durationSec: 3, connections: 8, amount: 600, inferences: 2000 })
  console.log(
    `load: ${r.requests} requests, ${r.rps} req/s, p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, p99 ${r.latencyMs.p99} ms`,
  )
  expect(r.requests).toBeGreaterThan(0)
  expect({
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    graphqlErrors: r.graphqlErrors,
  }).toEqual({
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    graphqlErrors: 0,
  })
})

// k6 itself is not on these machines: the scripts run through a shim (see runK6Script.ts).
it('runs the k6 explorer script: every check holds on every request', async () => {
  const r = await runK6Script(path.join(__dirname, 'k6-explorer.js'), {
    env: { URL: api.url, INFERENCES: '2000' },
    iterations: 200,
  })
  expect(r.explorer.iterations).toBe(200)
  expect(r.explorer.checks).toEqual({
    'status 200': { passed: 200, failed: 0 },
    'no GraphQL errors': { passed: 200, failed: 0 },
  })
})

it('runs the k6 abuse script: normal traffic passes while every abusive query is rejected with a code', async () => {
  const r = await runK6Script(path.join(__dirname, 'k6-abuse.js'), { env: { URL: api.url }, iterations: 60 })
  expect(r.normal.checks).toEqual({ ok: { passed: 60, failed: 0 } })
  expect(r.abuse.checks).toEqual({ 'rejected with a code': { passed: 60, failed: 0 } })
  expect(r.heavy.checks).toEqual({ 'answered or refused with a code': { passed: 60, failed: 0 } })
})
