import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ApiServer, startApiServer } from '../../src/api'
import { createApiPool } from '../../src/api/db/createApiPool'
import { parseSchemaModel } from '../../src/api/model'
import { createApiContext } from '../../src/api/read/ApiContext'
import { runSql } from '../../src/api/read/runSql'
import { DEFAULT_LIMITS } from '../../src/api/server/limits'
import { FIXTURE_SCHEMA, type FixtureApi, postJson, startFixtureApi } from './fixtureApi'

let f: FixtureApi
let strict: ApiServer
beforeAll(async () => {
  f = await startFixtureApi()
  // A second server on the same pool with a tiny rate limit and introspection off.
  strict = await startApiServer({
    pool: f.api.pool,
    schemaText: FIXTURE_SCHEMA,
    port: 0,
    options: {
      host: '127.0.0.1',
      rateLimit: { windowMs: 60_000, max: 3 },
      introspection: false,
      log: () => {},
    },
  })
})
afterAll(async () => {
  await strict?.close()
  await f?.stop()
})

const nest = (depth: number): string =>
  depth === 0 ? 'id' : `id owner { id items(limit: 1) { ${nest(depth - 1)} } }`
const NORMAL = '{ items(where: {kind_eq: A}, orderBy: id_ASC, limit: 5) { id owner { name } } }'

type Abuse = [name: string, send: () => Promise<{ status: number; body: any }>, status: number, code: string]
const ABUSES: Abuse[] = [
  ['deep nested query', () => f.gql(`{ items(limit: 1) { ${nest(6)} } }`), 400, 'DEPTH_LIMIT_EXCEEDED'],
  [
    'alias bomb',
    () => f.gql(`{ ${Array.from({ length: 200 }, (_, i) => `a${i}: squidStatus { height }`).join(' ')} }`),
    400,
    'ALIAS_LIMIT_EXCEEDED',
  ],
  ['huge limit', () => f.gql('{ items(limit: 1000000) { id } }'), 200, 'LIMIT_TOO_LARGE'],
  [
    'huge first',
    () => f.gql('{ itemsConnection(orderBy: id_ASC, first: 5000) { totalCount } }'),
    200,
    'LIMIT_TOO_LARGE',
  ],
  [
    'long _in list',
    () =>
      f.gql('query($ids: [String!]) { items(where: {id_in: $ids}) { id } }', {
        ids: Array.from({ length: 5000 }, (_, i) => `i${i}`),
      }),
    200,
    'IN_LIST_TOO_LONG',
  ],
  [
    'cost (nested lists x limits)',
    () =>
      f.gql('{ owners(limit: 1000) { items(limit: 1000) { id name owner { items(limit: 1000) { id } } } } }'),
    200,
    'COST_LIMIT_EXCEEDED',
  ],
  [
    'cost (graphql-armor field cost)',
    () =>
      f.gql(
        `{ ${Array.from({ length: 25 }, (_, i) => `a${i}: itemsConnection(orderBy: id_ASC, first: 1000) { edges { node { id name owner { id name } } } }`).join(' ')} }`,
      ),
    400,
    'COST_LIMIT_EXCEEDED',
  ],
  [
    'token flood',
    () =>
      f.gql(
        `{ items(where: {OR: [${Array.from({ length: 2000 }, () => '{id_eq: "x"}').join(',')}]}) { id } }`,
      ),
    400,
    'TOKEN_LIMIT_EXCEEDED',
  ],
  ['malformed JSON body', () => postJson(f.api.url, '{"query": "{ items { id }'), 400, 'BAD_REQUEST'],
  ['body without a query', () => postJson(f.api.url, { variables: {} }), 400, 'BAD_REQUEST'],
  [
    'oversize body',
    () => postJson(f.api.url, { query: `{ items { id } } # ${'x'.repeat(100_000)}` }),
    413,
    'PAYLOAD_TOO_LARGE',
  ],
  ['negative offset', () => f.gql('{ items(offset: -1) { id } }'), 200, 'BAD_USER_INPUT'],
]

describe('abusive requests are rejected with a code while normal ones still succeed', () => {
  it.each(ABUSES)('%s', async (_name, send, status, code) => {
    const normal = Array.from({ length: 10 }, () => f.gql(NORMAL))
    const res = await send()
    expect(res.status).toBe(status)
    expect(res.body.errors?.[0]?.extensions?.code).toBe(code)
    expect(res.body.errors[0].message.length).toBeGreaterThan(10)
    for (const r of await Promise.all(normal)) {
      expect(r.status).toBe(200)
      expect(r.body.data.items).toHaveLength(5)
    }
  })

  it('rate-limits one IP with 429 RATE_LIMITED', async () => {
    const answers = []
    for (let i = 0; i < 5; i++)
      answers.push(await postJson(strict.url, { query: '{ squidStatus { height } }' }))
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([200, 200, 200])
    expect(answers[4].status).toBe(429)
    expect(answers[4].body.errors[0].extensions.code).toBe('RATE_LIMITED')
    // The other server (no limit) is unaffected.
    expect((await f.gql(NORMAL)).status).toBe(200)
  })

  it('turns introspection off when asked, on by default', async () => {
    const q = { query: '{ __schema { queryType { name } } }' }
    expect((await postJson(f.api.url, q)).body.data.__schema.queryType.name).toBe('Query')
    const other = await startApiServer({
      pool: f.api.pool,
      schemaText: FIXTURE_SCHEMA,
      port: 0,
      options: { host: '127.0.0.1', introspection: false, rateLimit: false, log: () => {} },
    })
    try {
      const res = await postJson(other.url, q)
      expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED')
      expect(res.body.errors[0].message).toMatch(/introspection/i)
    } finally {
      await other.close()
    }
  })

  it('cancels a statement past the timeout with QUERY_TIMEOUT', async () => {
    const pool = createApiPool(f.db.settings, { statementTimeoutMs: 100, max: 1 })
    try {
      const ctx = createApiContext(pool, parseSchemaModel(FIXTURE_SCHEMA), DEFAULT_LIMITS)
      await expect(runSql(ctx, 'SELECT pg_sleep(2)', [])).rejects.toMatchObject({
        extensions: { code: 'QUERY_TIMEOUT' },
      })
      expect(await runSql(ctx, 'SELECT 1', [])).toEqual([[1]])
    } finally {
      await pool.end()
    }
  })
})

describe('operational endpoints', () => {
  const base = () => f.api.url.replace(/\/graphql$/, '')
  it('GET /health answers ok', async () => {
    const res = await fetch(`${base()}/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })
  it('GET /metrics serves Prometheus text with request and error counters', async () => {
    await f.gql('{ items(limit: 1000000) { id } }')
    const text = await (await fetch(`${base()}/metrics`)).text()
    expect(text).toMatch(/api_http_requests_total\{status="200"\} \d+/)
    expect(text).toMatch(/api_graphql_errors_total\{code="LIMIT_TOO_LARGE"\} \d+/)
    expect(text).toMatch(/api_graphql_duration_seconds_bucket/)
  })
  it('serves a query page that loads nothing from the network', async () => {
    for (const url of [`${base()}/`, f.api.url]) {
      const res = await fetch(url, { headers: { accept: 'text/html' } })
      expect(res.status).toBe(200)
      const html = await res.text()
      expect(html).toContain('<textarea id="query"')
      expect(html).not.toMatch(/(src|href)=["']?https?:/)
    }
  })
  it('unknown paths answer JSON 404', async () => {
    const res = await fetch(`${base()}/nope`)
    expect(res.status).toBe(404)
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] }
    expect(body.errors[0].extensions.code).toBe('NOT_FOUND')
  })
})
