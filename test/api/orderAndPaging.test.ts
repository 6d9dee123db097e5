import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FixtureApi, startFixtureApi } from './fixtureApi'
import { fixtureRows, type ItemRow } from './fixtures/fixtureData'

const { items, owners } = fixtureRows()
let f: FixtureApi
beforeAll(async () => {
  f = await startFixtureApi()
})
afterAll(() => f?.stop())

type Get = (it: ItemRow) => string | number | bigint | boolean | null
const FIELDS: [string, Get][] = [
  ['name', (it) => it.name],
  ['count', (it) => it.count],
  ['amount', (it) => it.amount],
  ['price', (it) => (it.price == null ? null : Number(it.price))],
  ['flag', (it) => it.flag],
  ['at', (it) => it.at?.getTime() ?? null],
  ['kind', (it) => it.kind],
  ['owner_name', (it) => owners.find((o) => o.id === it.ownerId)?.name ?? null],
]
// PostgreSQL defaults: ASC puts NULLs last, DESC first.
const FORMS: [string, boolean, boolean][] = [
  ['ASC', false, false],
  ['DESC', true, true],
  ['ASC_NULLS_FIRST', false, true],
  ['ASC_NULLS_LAST', false, false],
  ['DESC_NULLS_FIRST', true, true],
  ['DESC_NULLS_LAST', true, false],
]

function expected(get: Get, desc: boolean, nullsFirst: boolean): string[] {
  return [...items]
    .sort((a, b) => {
      const x = get(a)
      const y = get(b)
      if (x == null || y == null) {
        if (x == null && y == null) return a.id < b.id ? -1 : 1
        return (x == null) === nullsFirst ? -1 : 1
      }
      if (x !== y) return (x < y ? -1 : 1) * (desc ? -1 : 1)
      return a.id < b.id ? -1 : 1
    })
    .map((it) => it.id)
}

describe('orderBy forms (table-driven)', () => {
  const cases = FIELDS.flatMap(([field, get]) =>
    FORMS.map(([form, desc, nf]) => [`${field}_${form}`, get, desc, nf] as const),
  )
  it.each(cases)('%s', async (value, get, desc, nullsFirst) => {
    const res = await f.gql(`{ items(orderBy: [${value}, id_ASC], limit: 1000) { id } }`)
    expect(res.body.errors).toBeUndefined()
    expect(res.body.data.items.map((x: { id: string }) => x.id)).toEqual(expected(get, desc, nullsFirst))
  })

  it('sorts by a relation reached through a derived single relation', async () => {
    const res = await f.gql('{ owners(orderBy: [profile_bio_DESC, id_ASC]) { id } }')
    expect(res.body.data.owners.map((o: { id: string }) => o.id)).toEqual([
      'o2',
      'o3',
      'o5',
      'o4',
      'o1',
      'o0',
    ])
  })
})

describe('pagination', () => {
  const where = { OR: [{ kind_eq: 'A' }, { flag_eq: true }] }
  const matching = items.filter((it) => it.kind === 'A' || it.flag === true)

  it('offset pages return every row exactly once', async () => {
    const seen: string[] = []
    for (let offset = 0; offset < 80; offset += 7) {
      const res = await f.gql(
        'query($w: ItemWhereInput) { items(where: $w, orderBy: [kind_DESC], offset: ' +
          offset +
          ', limit: 7) { id } }',
        { w: where },
      )
      seen.push(...res.body.data.items.map((x: { id: string }) => x.id))
    }
    expect(seen).toHaveLength(matching.length)
    expect(new Set(seen)).toEqual(new Set(matching.map((it) => it.id)))
  })

  it('cursor pages return every row exactly once, totalCount equals a direct count', async () => {
    const { rows } = await f.db.admin.query(
      "SELECT count(*)::int AS n FROM item WHERE kind = 'A' OR flag = true",
    )
    const seen: string[] = []
    let after: string | null = null
    let pages = 0
    for (;;) {
      const res: any = await f.gql(
        `query($w: ItemWhereInput, $after: String) { itemsConnection(where: $w, orderBy: [amount_ASC], first: 5, after: $after) {
          totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } }`,
        { w: where, after },
      )
      const c = res.body.data.itemsConnection
      expect(c.totalCount).toBe(rows[0].n)
      expect(c.pageInfo.hasPreviousPage).toBe(after !== null)
      seen.push(...c.edges.map((e: any) => e.node.id))
      pages++
      if (!c.pageInfo.hasNextPage) break
      expect(c.pageInfo.endCursor).toBe(c.edges[c.edges.length - 1].cursor)
      after = c.pageInfo.endCursor
    }
    expect(pages).toBe(Math.ceil(matching.length / 5))
    expect(seen).toHaveLength(matching.length)
    expect(new Set(seen)).toEqual(new Set(matching.map((it) => it.id)))
  })

  it.each([
    ['no filter', {}, 'SELECT count(*)::int AS n FROM item'],
    [
      'relation filter',
      { owner: { name_contains: 'a' } },
      "SELECT count(*)::int AS n FROM item i JOIN owner o ON o.id = i.owner_id WHERE o.name LIKE '%a%'",
    ],
    ['nothing', { id_eq: 'none' }, "SELECT count(*)::int AS n FROM item WHERE id = 'none'"],
  ])('totalCount alone (%s) equals SQL count', async (_n, w, sql) => {
    const res = await f.gql(
      'query($w: ItemWhereInput) { itemsConnection(where: $w, orderBy: id_ASC) { totalCount } }',
      { w },
    )
    const { rows } = await f.db.admin.query(sql)
    expect(res.body.data.itemsConnection.totalCount).toBe(rows[0].n)
  })

  it('an empty page has empty cursors, as OpenReader', async () => {
    const res = await f.gql(
      '{ itemsConnection(orderBy: id_ASC, after: "1000") { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor } } }',
    )
    expect(res.body.data.itemsConnection).toEqual({
      totalCount: 64,
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: '', endCursor: '' },
      edges: [],
    })
  })

  it('rejects a connection without orderBy items and a malformed cursor', async () => {
    const a = await f.gql('{ itemsConnection(orderBy: []) { totalCount } }')
    expect(a.body.errors[0].extensions.code).toBe('BAD_USER_INPUT')
    const b = await f.gql('{ itemsConnection(orderBy: id_ASC, after: "x") { totalCount } }')
    expect(b.body.errors[0].message).toBe('invalid cursor value: x')
  })
})

describe('serialisation and nesting', () => {
  it('serialises every scalar type as OpenReader does', async () => {
    const res =
      await f.gql(`{ itemById(id: "i010") { id name count amount price ratio flag at kind meta data tags ownerId
      owner { id joinedAt profile { id bio } } } }`)
    expect(res.body).toEqual({
      data: {
        itemById: {
          id: 'i010',
          name: 'gamma-10',
          count: null,
          amount: '1000000000000000000010',
          price: '11.7',
          ratio: 2.5,
          flag: false,
          at: '2024-06-11T10:30:00.010000Z',
          kind: 'B',
          meta: null,
          data: '0x0af5ab',
          tags: ['t1', 'u0'],
          ownerId: 'o0',
          owner: {
            id: 'o0',
            joinedAt: '2024-01-01T12:00:00.123000Z',
            profile: { id: 'p0', bio: 'bio of 0' },
          },
        },
      },
    })
  })

  it('returns null for a missing id and [] for an owner without items', async () => {
    const res = await f.gql('{ itemById(id: "nope") { id } ownerById(id: "o5") { items { id } } }')
    expect(res.body.data).toEqual({ itemById: null, ownerById: { items: [] } })
  })

  it('nested lists keep their own where/orderBy/limit per alias, in one statement', async () => {
    const res = await f.gql(`{ owners(where: {id_in: ["o1"]}) {
      a: items(orderBy: id_DESC, limit: 2) { id }
      b: items(where: {kind_eq: C}, orderBy: amount_ASC_NULLS_FIRST, limit: 3) { id amount owner { name } } } }`)
    const o1 = items.filter((it) => it.ownerId === 'o1')
    expect(res.body.data.owners[0].a.map((x: any) => x.id)).toEqual(
      o1
        .map((it) => it.id)
        .reverse()
        .slice(0, 2),
    )
    const c = o1.filter((it) => it.kind === 'C')
    const sorted = [...c].sort((x, y) =>
      x.amount == null ? -1 : y.amount == null ? 1 : x.amount < y.amount ? -1 : 1,
    )
    expect(res.body.data.owners[0].b.map((x: any) => x.id)).toEqual(sorted.slice(0, 3).map((it) => it.id))
    expect(res.body.data.owners[0].b[0].owner.name).toBe('owner Beta')
  })

  it('answers squidStatus from squid_processor tables', async () => {
    const empty = await f.gql('{ squidStatus { height hash finalizedHeight finalizedHash } }')
    expect(empty.body.data.squidStatus).toEqual({
      height: null,
      hash: null,
      finalizedHeight: null,
      finalizedHash: null,
    })
    // As typeorm-store does it, after the API started: the read-only role must still see the tables.
    await f.db.admin.query(`CREATE SCHEMA IF NOT EXISTS squid_processor;
      CREATE TABLE squid_processor.status (id int primary key, height int not null, hash text DEFAULT '0x', nonce int DEFAULT 0);
      CREATE TABLE squid_processor.hot_block (height int4 primary key, hash text not null);
      INSERT INTO squid_processor.status (id, height, hash) VALUES (0, 100, '0xf');
      INSERT INTO squid_processor.hot_block VALUES (101, '0xa'), (102, '0xb');`)
    const res = await f.gql('{ squidStatus { height hash finalizedHeight finalizedHash } }')
    expect(res.body.data.squidStatus).toEqual({
      height: 102,
      hash: '0xb',
      finalizedHeight: 100,
      finalizedHash: '0xf',
    })
  })

  it('connects through a read-only role', async () => {
    const { rows } = await f.api.pool.query('SELECT current_user AS u')
    expect(rows[0].u).toBe('openledger_api')
    await expect(f.api.pool.query("INSERT INTO owner VALUES ('x', 'x', now())")).rejects.toThrow(
      /read-only|permission/,
    )
  })
})
