import { GraphQLError, GraphQLScalarType, Kind } from 'graphql/index.js'

const DECIMAL = /^[+-]?\d+\.?(\d+)?([eE][+-]?\d+)?$/

/** A validated decimal literal; kept as text and cast to numeric in SQL, so no precision is lost. */
export class DecimalValue {
  constructor(readonly text: string) {}
}

/**
 * `BigDecimal` as OpenReader serves it: a decimal string without trailing fraction zeros.
 *
 * @example
 * BigDecimalScalar.serialize('1.500') // '1.5'
 */
export const BigDecimalScalar = new GraphQLScalarType({
  name: 'BigDecimal',
  description: 'Big number decimal',
  serialize: (value) => normalizeDecimal(String(value)),
  parseValue(value) {
    const text = typeof value === 'number' ? String(value) : value
    if (typeof text !== 'string' || !DECIMAL.test(text))
      throw new GraphQLError(`Not a BigDecimal: ${String(value)}`)
    return new DecimalValue(text)
  },
  parseLiteral(ast) {
    if (
      (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) &&
      DECIMAL.test(ast.value)
    )
      return new DecimalValue(ast.value)
    throw new GraphQLError(`Not a BigDecimal: ${'value' in ast ? String(ast.value) : ast.kind}`)
  },
})

function normalizeDecimal(s: string): string {
  if (!s.includes('.') || /e/i.test(s)) return s
  const out = s.replace(/0+$/, '').replace(/\.$/, '')
  return out === '-0' ? '0' : out
}
