import { GraphQLString } from 'graphql/index.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ApiServer, type ApiServerOptions, runSql, startApiServer } from '../../src/api'
import { postFrom } from './clientRequest'
import { FIXTURE_SCHEMA, type FixtureApi, type GqlResponse, startFixtureApi } from './fixtureApi'
import { accepts } from './listenAddress'

// One database for the file; servers with other limits share its pool.
let f: FixtureApi
const extra: ApiServer[] = []
beforeAll(async () => {
  f = await startFixtureApi()
  // Rows enough that a substring filter is a real scan (tens of ms), the "heavy" root field.
  await f.db.admin.query(
    `INSERT INTO item (id, name, owner_id) SELECT 'bulk' || g, md5(g::text), 'o1' FROM generate_series(1, 100000) g`,
  )
  await f.db.admin.query('ANALYZE item')
})
afterAll(async () => {
  for (const s of extra) await s.close()
  await f?.stop()
})

async function server(options: ApiServerOptions): Promise<ApiServer> {
  const s = await startApiServer({
    pool: f.api.pool,
    schemaText: FIXTURE_SCHEMA,
    port: 0,
    options: { host: '127.0.0.1', rateLimit: false, log: () => {}, ...options },
  })
  extra.push(s)
  return s
}

const ids = Array.from({ length: 1000 }, (_, i) => `i${String(i).padStart(3, '0')}`)
const orOf = (n: number) => `[${Array.from({ length: n }, () => '{id_in: $ids}').join(', ')}]`
type GqlError = { message: string; path?: string[]; extensions?: { code?: string } }
const errorCode = (e: GqlError | undefined) => e?.extensions?.code
const code = (body: { errors?: GqlError[] }) => errorCode(body.errors?.[0])

describe('total input values and SQL parameters per request', () => {
  it('rejects one 1,000-value list reused in many OR branches with 400 TOO_MANY_PARAMETERS', async () => {
    // Every list is within maxInList (1000); together they are 800,000 values.
    const res = await f.gql(`query($ids: [String!]) { items(where: {OR: ${orOf(800)}}) { id } }`, { ids })
    expect(res.status).toBe(400)
    expect(code(res.body)).toBe('TOO_MANY_PARAMETERS')
    expect(res.body.errors[0].message).toMatch(/800000 input values.*at most 5000/)
    expect(res.body.data).toBeUndefined()
  })

  it('counts the same list across aliases and fragments', async () => {
    const aliases = Array.from({ length: 6 }, (_, i) => `a${i}: items(where: {id_in: $ids}) { id }`).join(' ')
    const viaAliases = await f.gql(`query($ids: [String!]) { ${aliases} }`, { ids })
    expect([viaAliases.status, code(viaAliases.body)]).toEqual([400, 'TOO_MANY_PARAMETERS'])
    const viaFragment = await f.gql(
      `query($ids: [String!]) { ...F a: owners { id } ...F } fragment F on Query { ${aliases.replaceAll('a', 'f')} }`,
      { ids },
    )
    expect([viaFragment.status, code(viaFragment.body)]).toEqual([400, 'TOO_MANY_PARAMETERS'])
  })

  it('still answers the same list used a few times', async () => {
    const res = await f.gql(`query($ids: [String!]) { items(where: {OR: ${orOf(4)}}, limit: 5) { id } }`, {
      ids,
    })
    expect(res.status).toBe(200)
    expect(res.body.errors).toBeUndefined()
    expect(res.body.data.items.map((i: { id: string }) => i.id)).toEqual([
      'i000',
      'i001',
      'i002',
      'i003',
      'i004',
    ])
  })

  it('caps the SQL bind parameters of all statements of a request', async () => {
    const s = await server({ limits: { maxBindParameters: 1500 } })
    const q = `query($ids: [String!]) { a: items(where: {id_in: $ids}, limit: 1) { id } b: items(where: {id_in: $ids}, limit: 1) { id } }`
    const res = await postFrom(s.url, { query: q, variables: { ids } })
    expect(res.status).toBe(200)
    // One statement fits (1,000 values + limit + offset), the second would pass 1,500.
    expect(res.body.errors).toHaveLength(1)
    expect(code(res.body)).toBe('TOO_MANY_PARAMETERS')
    expect(res.body.errors[0].message).toMatch(/SQL parameters; at most 1500/)
  })
})

// `n` root fields that each scan the item table for a substring no row has.
const heavy = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `h${i}: items(where: {name_containsInsensitive: "zz${i}"}, limit: 1) { id }`).join(' ')} }`
const NORMAL = '{ itemById(id: "i001") { id name } }'

async function timed(run: () => Promise<GqlResponse>): Promise<number> {
  const t = performance.now()
  const res = await run()
  expect(res.status).toBe(200)
  expect(res.body.data.itemById.id).toBe('i001')
  return performance.now() - t
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

describe('concurrent statements per request and per client', () => {
  it('refuses statements past the client queue with TOO_MANY_STATEMENTS, answering the rest', async () => {
    const s = await server({
      limits: { maxStatementsPerRequest: 10, maxStatementsPerClient: 1, maxQueuedStatementsPerClient: 2 },
    })
    // Nullable root fields, so the refused ones do not null the whole answer.
    const fields = Array.from({ length: 5 }, (_, i) => `b${i}: itemById(id: "i00${i}") { id }`)
    const res = await postFrom(s.url, { query: `{ ${fields.join(' ')} }` })
    expect(res.status).toBe(200)
    // Five root fields at once: one runs, two wait, two are refused.
    expect(res.body.errors.map(errorCode)).toEqual(['TOO_MANY_STATEMENTS', 'TOO_MANY_STATEMENTS'])
    expect(res.body.errors.map((e: GqlError) => e.path?.[0])).toEqual(['b3', 'b4'])
    expect(res.body.errors[0].message).toMatch(/2 statements are already waiting/)
    expect(res.body.data).toEqual({
      b0: { id: 'i000' },
      b1: { id: 'i001' },
      b2: { id: 'i002' },
      b3: null,
      b4: null,
    })
  })

  it('refuses a statement that waited past maxStatementWaitMs', async () => {
    const s = await server({ limits: { maxStatementsPerClient: 1, maxStatementWaitMs: 1 } })
    const res = await postFrom(s.url, { query: heavy(3) })
    expect(res.body.errors.length).toBeGreaterThan(0)
    expect(new Set(res.body.errors.map(errorCode))).toEqual(new Set(['TOO_MANY_STATEMENTS']))
    expect(res.body.errors[0].message).toMatch(/waited 1 ms/)
  })

  it("keeps another client's query at its usual latency while one client floods heavy aliased requests", async () => {
    // The default server: pool of 10, 2 statements per request, 4 per client.
    const normal = () => timed(() => postFrom(f.api.url, { query: NORMAL }, { from: '127.0.0.1' }))
    // A warm pool: opening a connection while the flood's scans hold the CPUs takes hundreds of
    // ms, which is connection setup, not the starvation this test is about.
    const pool = f.api.pool
    for (const c of await Promise.all(Array.from({ length: 10 }, () => pool.connect()))) c.release()
    for (let i = 0; i < 3; i++) await normal()
    const baseline: number[] = []
    for (let i = 0; i < 15; i++) baseline.push(await normal())

    let abuseDone = false
    const abuse = Promise.all(
      Array.from({ length: 2 }, () => postFrom(f.api.url, { query: heavy(30) }, { from: '127.0.0.2' })),
    ).finally(() => {
      abuseDone = true
    })
    // The flood is running once the abuser holds its share of the pool.
    while (pool.totalCount - pool.idleCount < 4 && !abuseDone) await new Promise((r) => setTimeout(r, 5))
    // How many of the flood's statements PostgreSQL is running (client backends, not their
    // parallel workers): the per-client bound, seen from the database.
    const running = async () =>
      Number(
        (
          await f.db.admin.query(
            `SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND state = 'active' AND query LIKE '%position(lower(%' AND pid <> pg_backend_pid()`,
          )
        ).rows[0].count,
      )
    const during: number[] = []
    const concurrent: number[] = []
    for (let i = 0; i < 10; i++) {
      during.push(await normal())
      concurrent.push(await running())
    }
    const overlapped = !abuseDone
    const answers = await abuse

    // 60 statements of tens of ms each, four at a time: still running when the samples ended.
    expect(overlapped).toBe(true)
    expect(Math.max(...concurrent)).toBeGreaterThanOrEqual(2)
    expect(Math.max(...concurrent)).toBeLessThanOrEqual(4)
    for (const a of answers) {
      expect(a.status).toBe(200)
      expect(a.body.errors).toBeUndefined()
      expect(Object.keys(a.body.data)).toHaveLength(30)
    }
    // Loose on purpose (2 shared cores, parallel suites): a starved pool costs the normal query
    // the flood's whole duration (0.6-1.5 s measured here without the slots), not tens of ms.
    const bound = Math.max(5 * median(baseline), 250)
    console.log(
      `normal query: baseline median ${median(baseline).toFixed(1)} ms, during the flood median ${median(during).toFixed(1)} ms (bound ${bound.toFixed(0)} ms; all ${JSON.stringify(during.map(Math.round))}); flood statements running ${JSON.stringify(concurrent)}`,
    )
    expect(median(during)).toBeLessThan(bound)
  })
})

describe('per-client rate limit behind a reverse proxy', () => {
  const Q = { query: '{ squidStatus { height } }' }
  const statuses = async (url: string, sends: { from?: string; xff?: string }[]) => {
    const out: number[] = []
    for (const s of sends)
      out.push(
        (await postFrom(url, Q, { from: s.from, headers: s.xff ? { 'x-forwarded-for': s.xff } : {} })).status,
      )
    return out
  }

  it('without --trust-proxy ignores X-Forwarded-For, so spoofing it does not reset the budget', async () => {
    const s = await server({ rateLimit: { windowMs: 60_000, max: 2 } })
    const spoofed = ['198.51.100.1', '198.51.100.2', '198.51.100.3'].map((xff) => ({
      from: '127.0.0.3',
      xff,
    }))
    expect(await statuses(s.url, spoofed)).toEqual([200, 200, 429])
    // Another peer address is another client.
    expect(await statuses(s.url, [{ from: '127.0.0.4' }])).toEqual([200])
  })

  it('with one trusted hop limits the client the proxy saw, whatever the client prepends', async () => {
    const s = await server({ rateLimit: { windowMs: 60_000, max: 2 }, trustProxy: 1 })
    // The proxy appends the real client; a client-chosen entry before it is not believed.
    const fromA = ['10.9.9.1', '10.9.9.2', '10.9.9.3'].map((fake) => ({ xff: `${fake}, 203.0.113.7` }))
    expect(await statuses(s.url, fromA)).toEqual([200, 200, 429])
    // A different client behind the same proxy has its own budget.
    expect(await statuses(s.url, [{ xff: '203.0.113.8' }, { xff: '203.0.113.8' }])).toEqual([200, 200])
  })
})

describe('error bodies', () => {
  // Apollo and express add stack traces when NODE_ENV is unset (development); vitest sets "test".
  let s: ApiServer
  beforeAll(async () => {
    const saved = process.env.NODE_ENV
    delete process.env.NODE_ENV
    try {
      s = await server({
        extensions: [
          () => ({
            boom: {
              type: GraphQLString,
              resolve() {
                throw new Error('boom')
              },
            },
            dbBoom: { type: GraphQLString, resolve: (_s, _a, ctx) => runSql(ctx, 'SELECT 1/0', []) },
          }),
        ],
      })
    } finally {
      process.env.NODE_ENV = saved
    }
  })

  const raw = (init: RequestInit & { path?: string }) =>
    fetch(s.url.replace(/\/graphql$/, init.path ?? '/graphql'), init)
  const json = { 'content-type': 'application/json' }
  const preflight = { accept: 'application/json', 'apollo-require-preflight': '1' }
  const CASES: [string, () => Promise<Response>, number][] = [
    ['malformed JSON', () => raw({ method: 'POST', headers: json, body: '{"query": "{' }), 400],
    [
      'oversize body',
      () => raw({ method: 'POST', headers: json, body: JSON.stringify({ query: 'x'.repeat(70_000) }) }),
      413,
    ],
    [
      'wrong content type',
      () => raw({ method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }),
      400,
    ],
    ['no content type', () => raw({ method: 'POST', body: 'query' }), 400],
    [
      'unsupported charset',
      () => raw({ method: 'POST', headers: { 'content-type': 'application/json; charset=x' }, body: '{}' }),
      415,
    ],
    [
      'broken gzip body',
      () => raw({ method: 'POST', headers: { ...json, 'content-encoding': 'gzip' }, body: 'zz' }),
      400,
    ],
    ['GET with a bad query', () => raw({ path: '/graphql?query=%7B', headers: preflight }), 400],
    [
      'GET with bad variables',
      () => raw({ path: '/graphql?query=%7Bboom%7D&variables=%7B', headers: preflight }),
      400,
    ],
    ['GET with a mutation', () => raw({ path: '/graphql?query=mutation%7Bx%7D', headers: preflight }), 405],
    ['PUT', () => raw({ method: 'PUT', headers: json, body: '{}' }), 405],
    [
      'unknown field',
      () => raw({ method: 'POST', headers: json, body: JSON.stringify({ query: '{ nope }' }) }),
      400,
    ],
    [
      'bad variable value',
      () =>
        raw({
          method: 'POST',
          headers: json,
          body: JSON.stringify({
            query: 'query($n: Int) { items(limit: $n) { id } }',
            variables: { n: 'x' },
          }),
        }),
      400,
    ],
    [
      'resolver throws',
      () => raw({ method: 'POST', headers: json, body: JSON.stringify({ query: '{ boom }' }) }),
      200,
    ],
    [
      'database error',
      () => raw({ method: 'POST', headers: json, body: JSON.stringify({ query: '{ dbBoom }' }) }),
      200,
    ],
    ['unknown path', () => raw({ path: '/nope' }), 404],
    ['undecodable path', () => raw({ path: '/%E0%A4%A' }), 404],
  ]
  it.each(CASES)('%s: JSON with a code, no stack trace', async (_name, send, status) => {
    const res = await send()
    const text = await res.text()
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(JSON.parse(text).errors[0].extensions.code).toMatch(/^[A-Z_]+$/)
    expect(text).not.toMatch(/stacktrace|\bat .+:\d+|\.[jt]s:\d+|node_modules|\/src\//)
  })
})

describe('listen address', () => {
  it('is 127.0.0.1 unless a host is given', async () => {
    const local = await startApiServer({
      pool: f.api.pool,
      schemaText: FIXTURE_SCHEMA,
      port: 0,
      options: { log: () => {} },
    })
    extra.push(local)
    expect(local.url).toBe(`http://127.0.0.1:${local.port}/graphql`)
    expect(await accepts('127.0.0.1', local.port)).toBe(true)
    // 127.0.0.2 is this machine too, but not the interface 127.0.0.1 is bound to.
    expect(await accepts('127.0.0.2', local.port)).toBe(false)
    const all = await server({ host: '0.0.0.0' })
    expect(all.url).toBe(`http://127.0.0.1:${all.port}/graphql`)
    expect(await accepts('127.0.0.2', all.port)).toBe(true)
  })
})
