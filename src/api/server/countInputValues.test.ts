import { Kind, type OperationDefinitionNode, parse } from 'graphql/index.js'
import { describe, expect, it } from 'vitest'
import { countInputValues } from './countInputValues'

function count(query: string, variables?: Record<string, unknown>): number {
  const doc = parse(query)
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode
  const fragments = Object.fromEntries(
    doc.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])),
  )
  return countInputValues(op, fragments, variables)
}

const ids = Array.from({ length: 1000 }, (_, i) => `i${i}`)

describe('countInputValues', () => {
  it.each([
    [
      'literal scalars, lists and objects',
      '{ items(where: {id_in: ["a", "b"], count_gt: 1}, limit: 5) { id } }',
      {},
      4,
    ],
    ['a null counts one (it still becomes a condition)', '{ items(where: {name_eq: null}) { id } }', {}, 1],
    [
      'empty objects count one each, in the document and in variables',
      'query($w: ItemWhereInput) { a: items(where: {OR: [{}, {}, {}]}) { id } b: items(where: $w) { id } }',
      { w: { OR: Array.from({ length: 3000 }, () => ({ tags_some: {} })) } },
      3003,
    ],
    [
      'a list variable counts its elements',
      'query($ids: [String!]) { items(where: {id_in: $ids}) { id } }',
      { ids },
      1000,
    ],
    [
      'a variable reused in OR branches counts at every use',
      'query($v: [String!]) { items(where: {OR: [{id_in: $v}, {id_in: $v}, {id_in: $v}]}) { id } }',
      { v: ids },
      3000,
    ],
    [
      'an object variable counts its nested scalars',
      'query($w: ItemWhereInput) { a: items(where: $w) { id } b: items(where: $w) { id } }',
      { w: { OR: [{ id_in: ['x', 'y'] }, { name_eq: 'z' }] } },
      6,
    ],
    ['a missing variable uses its default', 'query($n: Int = 3) { items(limit: $n) { id } }', {}, 1],
    [
      'a fragment counts at every spread, nested arguments too',
      'query($v: [String!]) { ...F ...F owners { items(where: {id_in: $v}) { id } } } fragment F on Query { items(where: {id_in: $v}) { id } }',
      { v: ids },
      3000,
    ],
    ['directive arguments count', 'query($s: Boolean!) { items @skip(if: $s) { id } }', { s: false }, 1],
  ])('%s', (_name, query, variables, expected) => {
    expect(count(query, variables)).toBe(expected)
  })

  it('counts a JSON value nested deeper than the call stack without overflowing', () => {
    let deep: unknown = 'x'
    for (let i = 0; i < 200_000; i++) deep = [deep]
    expect(count('query($j: JSON) { items(where: {meta_jsonContains: $j}) { id } }', { j: deep })).toBe(1)
  })

  it('stays linear when fragments fan out exponentially', () => {
    const frags = Array.from(
      { length: 40 },
      (_, i) =>
        `fragment F${i} on Query { ${i === 39 ? 'items(limit: 1) { id }' : `...F${i + 1} ...F${i + 1}`} }`,
    ).join(' ')
    expect(count(`{ ...F0 } ${frags}`)).toBe(2 ** 39)
  })
})
