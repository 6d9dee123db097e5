import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FixtureApi, startFixtureApi } from './fixtureApi'
import { fixtureRows, type ItemRow } from './fixtures/fixtureData'

// Reference semantics, evaluated in JS over the same rows: SQL three-valued logic (a comparison
// with NULL never matches), C collation for strings, as OpenReader's generated SQL behaves.
const { items, owners, profiles } = fixtureRows()
const cmp = (a: unknown, b: unknown) => (a == null || b == null ? null : a < b ? -1 : a > b ? 1 : 0)
const num = (s: string | null) => (s == null ? null : Number(s))
const time = (d: Date | null) => d?.getTime() ?? null
const hex = (b: Buffer | null) => (b ? `0x${b.toString('hex')}` : null)
const owner = (it: ItemRow) => owners.find((o) => o.id === it.ownerId)

type Case = [name: string, where: Record<string, unknown>, pred: (it: ItemRow) => boolean]

/** For one field: every comparison operator with a value taken from the fixture. */
function ordered<T>(field: string, gqlValue: unknown, get: (it: ItemRow) => T | null, value: T): Case[] {
  const c = (it: ItemRow) => cmp(get(it), value)
  return [
    [`${field}_eq`, { [`${field}_eq`]: gqlValue }, (it) => c(it) === 0],
    [`${field}_not_eq`, { [`${field}_not_eq`]: gqlValue }, (it) => c(it) !== null && c(it) !== 0],
    [`${field}_gt`, { [`${field}_gt`]: gqlValue }, (it) => c(it) === 1],
    [`${field}_gte`, { [`${field}_gte`]: gqlValue }, (it) => c(it) === 1 || c(it) === 0],
    [`${field}_lt`, { [`${field}_lt`]: gqlValue }, (it) => c(it) === -1],
    [`${field}_lte`, { [`${field}_lte`]: gqlValue }, (it) => c(it) === -1 || c(it) === 0],
    [`${field}_isNull true`, { [`${field}_isNull`]: true }, (it) => get(it) == null],
    [`${field}_isNull false`, { [`${field}_isNull`]: false }, (it) => get(it) != null],
  ]
}

const s = (it: ItemRow) => it.name
const CASES: Case[] = [
  ...ordered('name', 'delta', s, 'delta'),
  [
    `name_in`,
    { name_in: ['alpha-0', 'Beta-1', 'nope'] },
    (it) => ['alpha-0', 'Beta-1'].includes(it.name ?? ''),
  ],
  [`name_in []`, { name_in: [] }, () => false],
  [`name_not_in`, { name_not_in: ['alpha-0'] }, (it) => it.name != null && it.name !== 'alpha-0'],
  [`name_not_in []`, { name_not_in: [] }, () => true],
  [`name_contains`, { name_contains: 'ta' }, (it) => !!it.name?.includes('ta')],
  [`name_not_contains`, { name_not_contains: 'ta' }, (it) => it.name != null && !it.name.includes('ta')],
  [
    `name_containsInsensitive`,
    { name_containsInsensitive: 'ETA' },
    (it) => !!it.name?.toLowerCase().includes('eta'),
  ],
  [
    `name_not_containsInsensitive`,
    { name_not_containsInsensitive: 'ETA' },
    (it) => it.name != null && !it.name.toLowerCase().includes('eta'),
  ],
  [`name_startsWith`, { name_startsWith: 'zeta_' }, (it) => !!it.name?.startsWith('zeta_')],
  [
    `name_not_startsWith`,
    { name_not_startsWith: 'zeta_' },
    (it) => it.name != null && !it.name.startsWith('zeta_'),
  ],
  [`name_endsWith`, { name_endsWith: '1' }, (it) => !!it.name?.endsWith('1')],
  [`name_not_endsWith`, { name_not_endsWith: '1' }, (it) => it.name != null && !it.name.endsWith('1')],
  [`name_contains % is literal`, { name_contains: '%' }, (it) => !!it.name?.includes('%')],
  ...ordered('id', 'i010', (it) => it.id, 'i010'),
  [`id_startsWith`, { id_startsWith: 'i01' }, (it) => it.id.startsWith('i01')],
  ...ordered('count', 5, (it) => it.count, 5),
  [`count_in`, { count_in: [-10, 5, 27] }, (it) => [-10, 5, 27].includes(it.count as number)],
  ...ordered('amount', '300000000000000000003', (it) => it.amount, 300000000000000000003n),
  [`amount_in`, { amount_in: ['3', '300000000000000000003'] }, (it) => it.amount === 300000000000000000003n],
  ...ordered('price', '8.5', (it) => num(it.price), 8.5),
  ...ordered('ratio', 1.5, (it) => it.ratio, 1.5),
  [`flag_eq true`, { flag_eq: true }, (it) => it.flag === true],
  [`flag_not_eq true`, { flag_not_eq: true }, (it) => it.flag === false],
  [`flag_isNull`, { flag_isNull: true }, (it) => it.flag === null],
  ...ordered('at', '2024-06-10T00:00:00.000Z', (it) => time(it.at), Date.UTC(2024, 5, 10)),
  [`kind_eq`, { kind_eq: 'B' }, (it) => it.kind === 'B'],
  [`kind_not_eq`, { kind_not_eq: 'B' }, (it) => it.kind != null && it.kind !== 'B'],
  [`kind_in`, { kind_in: ['A', 'C'] }, (it) => it.kind === 'A' || it.kind === 'C'],
  [`kind_not_in`, { kind_not_in: ['A'] }, (it) => it.kind != null && it.kind !== 'A'],
  [`kind_isNull`, { kind_isNull: true }, (it) => it.kind === null],
  [`meta_jsonHasKey`, { meta_jsonHasKey: 'odd' }, (it) => !!it.meta && 'odd' in it.meta],
  [
    `meta_jsonContains`,
    { meta_jsonContains: { tag: 't1', k: 1 } },
    (it) => it.meta?.tag === 't1' && it.meta?.k === 1,
  ],
  [`meta_isNull`, { meta_isNull: true }, (it) => it.meta === null],
  [`data_eq`, { data_eq: '0x0af5ab' }, (it) => hex(it.data) === '0x0af5ab'],
  [`data_isNull`, { data_isNull: true }, (it) => it.data === null],
  [
    `tags_containsAll`,
    { tags_containsAll: ['t1', 'u0'] },
    (it) => !!it.tags?.includes('t1') && !!it.tags?.includes('u0'),
  ],
  [`tags_containsAny`, { tags_containsAny: ['t2', 'x'] }, (it) => !!it.tags?.includes('t2')],
  [`tags_containsNone`, { tags_containsNone: ['t2'] }, (it) => it.tags != null && !it.tags.includes('t2')],
  [`owner_isNull`, { owner_isNull: true }, (it) => it.ownerId === null],
  [`owner nested`, { owner: { name_endsWith: 'ta' } }, (it) => !!owner(it)?.name.endsWith('ta')],
  [`ownerId_eq`, { ownerId_eq: 'o3' }, (it) => it.ownerId === 'o3'],
  [
    `owner.profile nested`,
    { owner: { profile: { bio_isNull: false } } },
    (it) => profiles.some((p) => p.ownerId === it.ownerId && p.bio != null),
  ],
  [`AND`, { AND: [{ kind_eq: 'A' }, { count_gt: 0 }] }, (it) => it.kind === 'A' && (it.count ?? -1) > 0],
  [`OR`, { OR: [{ kind_eq: 'A' }, { count_gt: 30 }] }, (it) => it.kind === 'A' || (it.count ?? -1) > 30],
  [`OR with sibling`, { flag_eq: true, OR: [{ kind_eq: 'C' }] }, (it) => it.flag === true || it.kind === 'C'],
  [`empty where`, {}, () => true],
]

let f: FixtureApi
beforeAll(async () => {
  f = await startFixtureApi()
})
afterAll(() => f?.stop())

describe('where operators on Item (table-driven)', () => {
  it.each(CASES)('%s', async (_name, where, pred) => {
    const res = await f.gql(
      'query($w: ItemWhereInput) { items(where: $w, orderBy: id_ASC, limit: 1000) { id } }',
      { w: where },
    )
    expect(res.body.errors).toBeUndefined()
    const got = res.body.data.items.map((x: { id: string }) => x.id)
    const want = items.filter(pred).map((it) => it.id)
    expect(got).toEqual(want)
  })
})

describe('where on derived lists', () => {
  const itemsOf = (o: string) => items.filter((it) => it.ownerId === o)
  const cases: [string, Record<string, unknown>, (o: string) => boolean][] = [
    [
      'items_some',
      { items_some: { kind_eq: 'C', count_gt: 20 } },
      (o) => itemsOf(o).some((it) => it.kind === 'C' && (it.count ?? -99) > 20),
    ],
    ['items_none', { items_none: { kind_eq: 'C' } }, (o) => !itemsOf(o).some((it) => it.kind === 'C')],
    [
      'items_every (NULL fails)',
      { items_every: { flag_eq: false } },
      (o) => itemsOf(o).every((it) => it.flag === false),
    ],
    ['items_some {}', { items_some: {} }, (o) => itemsOf(o).length > 0],
    [
      'profile lookup',
      { profile: { bio_startsWith: 'bio' } },
      (o) => profiles.some((p) => p.ownerId === o && !!p.bio),
    ],
    ['profile_isNull', { profile_isNull: true }, (o) => !profiles.some((p) => p.ownerId === o)],
  ]
  it.each(cases)('%s', async (_n, where, pred) => {
    const res = await f.gql('query($w: OwnerWhereInput) { owners(where: $w, orderBy: id_ASC) { id } }', {
      w: where,
    })
    expect(res.body.errors).toBeUndefined()
    expect(res.body.data.owners.map((x: { id: string }) => x.id)).toEqual(
      owners.map((o) => o.id).filter(pred),
    )
  })
})
