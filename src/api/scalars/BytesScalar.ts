import { GraphQLError, GraphQLScalarType, Kind } from 'graphql/index.js'

const HEX = /^0x([0-9a-fA-F]{2})*$/

/**
 * `Bytes`: lowercase 0x-prefixed hex out (encoded in SQL), hex in (decoded to a Buffer for bytea).
 *
 * @example
 * BytesScalar.parseValue('0xAB') // <Buffer ab>
 */
export const BytesScalar = new GraphQLScalarType({
  name: 'Bytes',
  description: 'Binary data encoded as a hex string always prefixed with 0x',
  serialize(value) {
    if (typeof value === 'string' && HEX.test(value)) return value.toLowerCase()
    if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`
    throw new GraphQLError(`Not Bytes: ${String(value)}`)
  },
  parseValue: (value) => decodeHex(value),
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Bytes must be a 0x hex string')
    return decodeHex(ast.value)
  },
})

function decodeHex(value: unknown): Buffer {
  if (typeof value !== 'string' || !HEX.test(value)) throw new GraphQLError(`Not Bytes: ${String(value)}`)
  return Buffer.from(value.slice(2), 'hex')
}
