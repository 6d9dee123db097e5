import { GraphQLError, GraphQLScalarType, Kind } from 'graphql/index.js'

const BIG_INT = /^[+-]?\d+$/

/**
 * `BigInt` as OpenReader serves it: a decimal string out, a string or integer literal in
 * (parsed to a JS `bigint` so comparisons never lose precision).
 *
 * @example
 * BigIntScalar.serialize(10n ** 18n) // '1000000000000000000'
 */
export const BigIntScalar = new GraphQLScalarType({
  name: 'BigInt',
  description: 'Big number integer',
  serialize: (value) => String(value),
  parseValue(value) {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
    if (typeof value !== 'string' || !BIG_INT.test(value))
      throw new GraphQLError(`Not a BigInt: ${String(value)}`)
    return BigInt(value)
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.INT) return BigInt(ast.value)
    if (ast.kind === Kind.STRING && BIG_INT.test(ast.value)) return BigInt(ast.value)
    throw new GraphQLError(`Not a BigInt: ${ast.kind === Kind.STRING ? ast.value : ast.kind}`)
  },
})
