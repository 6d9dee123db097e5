import { GraphQLError, GraphQLScalarType, Kind } from 'graphql/index.js'

const ISO =
  /^(\d{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60))(\.\d+)?Z$/

/**
 * `DateTime` as OpenReader serves it: UTC ISO-8601 with microseconds (`2024-05-01T12:00:00.000000Z`,
 * formatted in SQL); input must be an ISO string ending in Z.
 *
 * @example
 * DateTimeScalar.parseValue('2024-05-01T00:00:00Z') // Date
 */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'A date-time string in simplified extended ISO 8601 format (YYYY-MM-DDTHH:mm:ss.sssZ)',
  serialize(value) {
    if (value instanceof Date) return value.toISOString()
    if (typeof value === 'string' && ISO.test(value)) return value
    throw new GraphQLError(`Not a DateTime: ${String(value)}`)
  },
  parseValue: (value) => parseDateTime(value),
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string')
    return parseDateTime(ast.value)
  },
})

function parseDateTime(value: unknown): Date {
  const t = typeof value === 'string' && ISO.test(value) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(t)) throw new GraphQLError(`Not a DateTime: ${String(value)}`)
  return new Date(t)
}
