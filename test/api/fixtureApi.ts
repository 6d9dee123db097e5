import fs from 'node:fs'
import path from 'node:path'
import { type ApiServer, type ApiServerOptions, startApiServer } from '../../src/api'
import { DDL, insertFixture } from './fixtures/fixtureData'
import { startTestDatabase, type TestDatabase } from './testDatabase'

export const FIXTURE_SCHEMA = fs.readFileSync(path.join(__dirname, 'fixtures', 'schema.graphql'), 'utf8')

export type GqlResponse = { status: number; body: any }

/** A private Postgres with the fixture tables and rows, and the API served on a free loopback port. */
export type FixtureApi = {
  db: TestDatabase
  api: ApiServer
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResponse>
  stop(): Promise<void>
}

/**
 * Starts database + fixture + API for one test file (connects through the read-only role).
 *
 * @example
 * const f = await startFixtureApi()
 * afterAll(() => f.stop())
 */
export async function startFixtureApi(options: ApiServerOptions = {}): Promise<FixtureApi> {
  const db = await startTestDatabase()
  await db.admin.query(DDL)
  await insertFixture((s, v) => db.admin.query(s, v))
  const api = await startApiServer({
    connection: db.settings,
    schemaText: FIXTURE_SCHEMA,
    port: 0,
    options: { host: '127.0.0.1', rateLimit: false, log: () => {}, ...options },
  })
  return {
    db,
    api,
    gql: (query, variables) => postJson(api.url, { query, variables }),
    async stop() {
      await api.close()
      await db.stop()
    },
  }
}

/**
 * POSTs a JSON body and returns status and parsed answer.
 *
 * @example
 * await postJson(url, { query: '{ squidStatus { height } }' })
 */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<GqlResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {}
  return { status: res.status, body: parsed }
}
