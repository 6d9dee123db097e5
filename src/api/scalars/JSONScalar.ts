import { GraphQLScalarType, Kind, type ValueNode } from 'graphql/index.js'

/**
 * `JSON`: any JSON value, passed through unchanged.
 *
 * @example
 * JSONScalar.serialize({ a: 1 }) // { a: 1 }
 */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'A scalar that can represent any JSON value',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => literalToJson(ast, variables ?? undefined),
})

function literalToJson(ast: ValueNode, variables?: Record<string, unknown>): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value)
    case Kind.NULL:
      return null
    case Kind.LIST:
      return ast.values.map((v) => literalToJson(v, variables))
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value, variables)]))
    case Kind.VARIABLE:
      return variables?.[ast.name.value]
    default:
      return undefined
  }
}
