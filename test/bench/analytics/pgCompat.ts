import type pg from 'pg'

/**
 * The DuckDB spellings the dashboards' SQL uses, defined in PostgreSQL so the very same text runs
 * there: the integer-division operator `//` (on numeric; bigint and int operands cast to it),
 * `json_extract_string(json, '$.path')` and `epoch_ms(timestamptz)`. Benchmark-only, in the
 * benchmark's own database.
 *
 * @example
 * await installPgCompat(admin)
 */
export async function installPgCompat(db: pg.Pool): Promise<void> {
  await db.query(`
    CREATE OR REPLACE FUNCTION bench_idiv(numeric, numeric) RETURNS numeric
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT div($1, $2)';
    DO $$ BEGIN
      CREATE OPERATOR // (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = bench_idiv);
    EXCEPTION WHEN duplicate_function THEN NULL; END $$;
    CREATE OR REPLACE FUNCTION json_extract_string(jsonb, text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT jsonb_path_query_first($1, $2::jsonpath) #>> '{}' $$;
    CREATE OR REPLACE FUNCTION epoch_ms(timestamptz) RETURNS bigint
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT floor(extract(epoch FROM $1) * 1000)::bigint $$;
  `)
}
