/**
 * Table functions a read-only query may call: generators, unnesting, JSON walking and catalog
 * listings that show names and types only. Every other table function, table macro and pragma
 * function is refused (read_csv, read_parquet, read_json, read_text, read_blob, glob, query,
 * query_table, json_execute_serialized_sql, checkpoint, duckdb_settings, duckdb_databases...),
 * including any a later DuckDB version adds.
 *
 * @example
 * ALLOWED_TABLE_FUNCTIONS.has('range') // true
 */
export const ALLOWED_TABLE_FUNCTIONS: ReadonlySet<string> = new Set([
  'range',
  'generate_series',
  'unnest',
  'repeat',
  'json_each',
  'json_tree',
  'duckdb_tables',
  'duckdb_views',
  'duckdb_columns',
  'duckdb_schemas',
  'duckdb_types',
  'duckdb_functions',
  'duckdb_keywords',
  'duckdb_constraints',
  'duckdb_indexes',
  'pragma_table_info',
  'table_info',
  'pragma_version',
  'version',
])

/**
 * Scalar functions refused in any position: those that change state (sequences, the random seed,
 * DuckDB's log) or read the server's settings and variables (paths, limits), plus the file and
 * nested-SQL table functions by name, so they are refused even where DuckDB could not list them.
 *
 * @example
 * DENIED_FUNCTIONS.has('nextval') // true
 */
export const DENIED_FUNCTIONS: ReadonlySet<string> = new Set([
  'nextval',
  'currval',
  'setseed',
  'write_log',
  'current_setting',
  'getvariable',
  'getenv',
  'read_csv',
  'read_csv_auto',
  'read_parquet',
  'parquet_scan',
  'read_json',
  'read_json_auto',
  'read_ndjson',
  'read_json_objects',
  'read_text',
  'read_blob',
  'glob',
  'query',
  'query_table',
  'json_execute_serialized_sql',
  'sniff_csv',
  'checkpoint',
  'force_checkpoint',
])
