import { DefaultNamingStrategy, type NamingStrategyInterface } from 'typeorm'
import { toSnakeCase } from './naming'

/**
 * TypeORM naming as `@subsquid/typeorm-config`'s `SnakeNamingStrategy` does it (tables and columns
 * in snake case, relations as `<field>_id`), built on {@link toSnakeCase} so the data source and
 * the API share one set of rules instead of deep-importing the library's `lib/` file.
 *
 * @example
 * new DataSource({ type: 'postgres', namingStrategy: new SnakeNamingStrategy(), entities })
 */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(className: string, customName?: string): string {
    return customName || toSnakeCase(className)
  }

  override columnName(
    propertyName: string,
    customName: string | undefined,
    embeddedPrefixes: string[],
  ): string {
    return toSnakeCase(embeddedPrefixes.join('_')) + (customName || toSnakeCase(propertyName))
  }

  override relationName(propertyName: string): string {
    return toSnakeCase(propertyName)
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return toSnakeCase(`${relationName}_${referencedColumnName}`)
  }

  override joinTableName(firstTableName: string, secondTableName: string): string {
    return toSnakeCase(`${firstTableName}_${secondTableName}`)
  }

  override joinTableColumnName(tableName: string, propertyName: string, columnName?: string): string {
    return `${toSnakeCase(tableName)}_${columnName || toSnakeCase(propertyName)}`
  }
}
