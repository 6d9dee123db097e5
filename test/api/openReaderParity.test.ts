import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { buildSchema, isEnumType, isInputObjectType, isObjectType } from 'graphql/index.js'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApiSchema } from '../../src/api'
import { ensureOpenReaderPeer } from '../setup/openReaderPeer'
import { type FixtureApi, postJson, startFixtureApi } from './fixtureApi'

// The reference is the real OpenReader from @subsquid/graphql-server 4.11, installed outside the
// project's dependencies (it must not become one) by the suite's setup on first use and reused
// afterwards (test/setup/openReaderPeer.ts; OPENREADER_PEER_DIR picks the folder). The copy under
// our node_modules (a transitive dependency of typeorm-codegen) mixes graphql 15 and 16 and cannot
// run. Without the peer the suite fails: a parity check that skips checks nothing.
type OpenReader = {
  // biome-ignore lint/suspicious/noExplicitAny: the peer's modules are loaded untyped from outside the repo
  serve: (...a: any[]) => Promise<any>
  loadModel: (file: string) => unknown
  peerSdl: (file: string) => Promise<string>
}

function loadOpenReader(dir: string): OpenReader {
  const req = createRequire(path.join(dir, 'package.json'))
  const { getSchemaBuilder } = req('@subsquid/openreader/lib/dialect')
  const tools = req('@subsquid/openreader/lib/tools')
  const { printSchema: printPeer } = req('graphql')
  const peerSdl = async (file: string) =>
    printPeer((await getSchemaBuilder({ model: tools.loadModel(file) })).build())
  return { ...req('@subsquid/openreader/lib/server'), ...tools, peerSdl }
}

const QUERIES: [string, string][] = [
  [
    'all scalars',
    '{ items(orderBy: [id_ASC], limit: 20) { id name count amount price ratio flag at kind meta data tags } }',
  ],
  [
    'relations both ways',
    '{ owners(orderBy: id_ASC) { id name joinedAt profile { id bio owner { id } } items(orderBy: [amount_DESC, id_ASC], limit: 3) { id amount owner { name } } } }',
  ],
  [
    'by id',
    '{ itemById(id: "i021") { id at price owner { id } } profileById(id: "p1") { bio } missing: itemById(id: "zz") { id } }',
  ],
  [
    'filters',
    '{ items(where: {name_containsInsensitive: "ETA", amount_gt: "100", kind_in: [A, B], owner: {name_startsWith: "owner"}}, orderBy: [price_DESC, id_ASC]) { id } }',
  ],
  [
    'json and lists',
    '{ items(where: {meta_jsonHasKey: "odd", tags_containsAny: ["t1"]}, orderBy: id_ASC) { id meta tags } }',
  ],
  [
    'OR / AND',
    '{ items(where: {OR: [{count_lt: 0}, {AND: [{flag_eq: true}, {kind_eq: C}]}]}, orderBy: [count_ASC, id_ASC]) { id count } }',
  ],
  [
    'some / none / every',
    '{ a: owners(where: {items_some: {kind_eq: C}}, orderBy: id_ASC) { id } b: owners(where: {items_none: {flag_eq: true}}, orderBy: id_ASC) { id } c: owners(where: {items_every: {count_gt: -100}}, orderBy: id_ASC) { id } }',
  ],
  [
    'relation order',
    '{ items(orderBy: [owner_name_DESC, id_ASC], limit: 10) { id } owners(orderBy: [profile_bio_ASC_NULLS_FIRST, id_ASC]) { id } }',
  ],
  ['offset page', '{ items(orderBy: [kind_ASC, id_ASC], offset: 10, limit: 5) { id kind } }'],
  [
    'connection page',
    '{ itemsConnection(orderBy: [at_DESC, id_ASC], first: 4, after: "8", where: {flag_isNull: false}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id at } } } }',
  ],
  [
    'connection last page',
    '{ itemsConnection(orderBy: [id_ASC], first: 10, after: "60") { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor } } }',
  ],
  ['connection count only', '{ ownersConnection(orderBy: id_ASC, where: {items_some: {}}) { totalCount } }'],
  [
    'typename and fragments',
    'query { items(orderBy: id_ASC, limit: 2) { __typename ...F owner { __typename id } } } fragment F on Item { id name }',
  ],
]

describe('same answers as @subsquid/openreader (peer installed on first use) on the same database', () => {
  let f: FixtureApi
  let peerUrl: string
  let peerPool: pg.Pool
  let peer: { close(): Promise<void> }
  let openreader: OpenReader
  // The first run on a machine installs the peer with npm (about 40 s here), hence the timeout.
  beforeAll(async () => {
    openreader = loadOpenReader(await ensureOpenReaderPeer())
    f = await startFixtureApi()
    const s = f.db.settings
    peerPool = new pg.Pool({
      host: s.host,
      port: s.port,
      database: s.database,
      user: s.user,
      password: s.password,
    })
    const model = openreader.loadModel(path.join(__dirname, 'fixtures', 'schema.graphql'))
    peer = await openreader.serve({ model, connection: peerPool, port: 0, log: undefined })
    peerUrl = `http://127.0.0.1:${(peer as unknown as { port: number }).port}/graphql`
  }, 360_000)
  afterAll(async () => {
    await peer?.close()
    await peerPool?.end()
    await f?.stop()
  })

  it.each([
    ['the fixture schema', path.join(__dirname, 'fixtures', 'schema.graphql')],
    ['schema.graphql', path.join(__dirname, '..', '..', 'schema.graphql')],
  ])('offers every type, field, argument and enum value OpenReader generates for %s', async (_n, file) => {
    const peer = buildSchema(await openreader.peerSdl(file))
    const ours = buildApiSchema(fs.readFileSync(file, 'utf8')).schema
    const missing: string[] = []
    for (const t of Object.values(peer.getTypeMap())) {
      if (t.name.startsWith('__')) continue
      const o = ours.getType(t.name)
      if (!o || o.constructor !== t.constructor) {
        missing.push(`type ${t.name}`)
        continue
      }
      if (isObjectType(t) || isInputObjectType(t)) {
        const of = (o as typeof t).getFields() as Record<
          string,
          { type: unknown; args?: readonly { name: string; type: unknown }[] }
        >
        for (const [k, f] of Object.entries(
          t.getFields() as Record<
            string,
            { type: unknown; args?: readonly { name: string; type: unknown }[] }
          >,
        )) {
          const sig = (x: typeof f) =>
            `${String(x.type)}(${(x.args ?? []).map((a) => `${a.name}:${String(a.type)}`).join(',')})`
          if (!of[k] || sig(of[k]) !== sig(f)) missing.push(`${t.name}.${k}: ${sig(f)}`)
        }
      }
      if (isEnumType(t) && isEnumType(o)) {
        const values = new Set(o.getValues().map((v) => v.name))
        for (const v of t.getValues()) if (!values.has(v.name)) missing.push(`${t.name}.${v.name}`)
      }
    }
    expect(missing).toEqual([])
  })

  it.each(QUERIES)('%s', async (_name, query) => {
    const [ours, theirs] = await Promise.all([f.gql(query), postJson(peerUrl, { query })])
    expect(theirs.body.errors, JSON.stringify(theirs.body.errors?.slice(0, 2))).toBeUndefined()
    expect(ours.body).toEqual(theirs.body)
  })
})
