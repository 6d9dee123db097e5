/**
 * The one set of naming rules: the data source's TypeORM strategy ({@link SnakeNamingStrategy}),
 * the typed table names of hand-written SQL and the API's schema model all derive names here, so
 * tables, columns and query names line up with what `squid-typeorm-codegen` and
 * `squid-typeorm-migration` created and what squid clients expect.
 */

/** PostgreSQL cuts identifiers at 63 bytes; typeorm-codegen prunes table names the same way. */
const MAX_IDENTIFIER_LENGTH = 63

/**
 * Rails-style `underscore`: `metadataURI` -> `metadata_uri`, `l1GasUsed` -> `l1_gas_used`. Equal to
 * `@subsquid/util-naming`'s `toSnakeCase` (inflected's `underscore`, no acronyms registered), which
 * Subsquid's own naming strategy uses (test/db/snakeNamingStrategy.test.ts compares them).
 *
 * @example
 * toSnakeCase('DatanetVersion') // 'datanet_version'
 */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([A-Z\d]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase()
}

/**
 * Table of an entity: snake case, cut at PostgreSQL's identifier length.
 *
 * @example
 * toTableName('ContributionReward') // 'contribution_reward'
 */
export function toTableName(entityName: string): string {
  return toSnakeCase(entityName).slice(0, MAX_IDENTIFIER_LENGTH)
}

/**
 * Column of a field; relations store `<field>_id`.
 *
 * @example
 * toColumnName('model', true) // 'model_id'
 */
export function toColumnName(fieldName: string, isRelation = false): string {
  return isRelation ? `${toSnakeCase(fieldName)}_id` : toSnakeCase(fieldName)
}

/**
 * Lower camel case of a type name, treating a leading capital run as one word (`NFTItem` -> `nftItem`).
 *
 * @example
 * toLowerCamelCase('DailyStat') // 'dailyStat'
 */
export function toLowerCamelCase(name: string): string {
  const m = /^([A-Z]+)(?=[A-Z][a-z]|\d|$)/.exec(name)
  if (m && m[1].length > 1) return m[1].toLowerCase() + name.slice(m[1].length)
  return name.charAt(0).toLowerCase() + name.slice(1)
}

const UNCOUNTABLE = new Set([
  'equipment',
  'information',
  'rice',
  'money',
  'species',
  'series',
  'fish',
  'sheep',
  'jeans',
  'police',
  'data',
])
const IRREGULAR: Record<string, string> = {
  person: 'people',
  man: 'men',
  child: 'children',
  sex: 'sexes',
  move: 'moves',
  zombie: 'zombies',
  ox: 'oxen',
}
/** English plural rules in the order the inflection libraries apply them (last match wins). */
const PLURAL_RULES: [RegExp, string][] = [
  [/$/, 's'],
  [/s$/i, 's'],
  [/^(ax|test)is$/i, '$1es'],
  [/(octop|vir)us$/i, '$1i'],
  [/(octop|vir)i$/i, '$1i'],
  [/(alias|status)$/i, '$1es'],
  [/(bu)s$/i, '$1ses'],
  [/(buffal|tomat)o$/i, '$1oes'],
  [/([ti])um$/i, '$1a'],
  [/([ti])a$/i, '$1a'],
  [/sis$/i, 'ses'],
  [/(?:([^f])fe|([lr])f)$/i, '$1$2ves'],
  [/(hive)$/i, '$1s'],
  [/([^aeiouy]|qu)y$/i, '$1ies'],
  [/(x|ch|ss|sh)$/i, '$1es'],
  [/(matr|vert|ind)(?:ix|ex)$/i, '$1ices'],
  [/^(m|l)ouse$/i, '$1ice'],
  [/^(m|l)ice$/i, '$1ice'],
  [/^(ox)$/i, '$1en'],
  [/^(oxen)$/i, '$1'],
  [/(quiz)$/i, '$1zes'],
]

/**
 * Plural of the last word of a camel-case name, as OpenReader names list queries.
 *
 * @example
 * toPlural('tokenSupply') // 'tokenSupplies'
 * toPlural('indexerStatus') // 'indexerStatuses'
 */
export function toPlural(name: string): string {
  const m = /^(.*?)([A-Z]?[a-z\d]*)$/.exec(name)
  const head = m ? m[1] : ''
  const word = m ? m[2] : name
  const lower = word.toLowerCase()
  if (!word || UNCOUNTABLE.has(lower)) return name
  const irregular = IRREGULAR[lower]
  if (irregular) return head + word.charAt(0) + irregular.slice(1)
  for (let i = PLURAL_RULES.length - 1; i >= 0; i--) {
    const [re, rep] = PLURAL_RULES[i]
    if (re.test(word)) return head + word.replace(re, rep)
  }
  return name
}
