import fs from 'node:fs'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { type Command, InvalidArgumentError } from 'commander'
import {
  DEFAULT_SQL_LIMITS,
  formatSqlResult,
  lockDownInstance,
  runReadOnlySql,
  type SqlFormat,
} from '../analytics/query'
import { loadConfig } from '../config'
import { ConfigError } from '../errors'
import { parseCount } from './parseFlags'

type QueryFlags = { file?: string; format: SqlFormat; timeout: number; maxRows: number }

/**
 * Registers `analytics query "<sql>"`: one read-only query over the analytics DuckDB file, printed
 * as a table (or CSV/JSON), with the same guard and limits as `POST /sql`. Adds to the
 * `analytics` command when another part registered it already, creates it otherwise.
 *
 * @example
 * registerAnalyticsQuery(program) // then: openledger analytics query "SELECT count(*) FROM settlement"
 */
export function registerAnalyticsQuery(program: Command): void {
  const analytics =
    program.commands.find((c) => c.name() === 'analytics') ??
    program.command('analytics').description('DuckDB analytics over the indexed data')
  analytics
    .command('query')
    .description('run one read-only SQL query (SELECT, WITH, EXPLAIN) over the analytics DuckDB and print it')
    .argument('<sql>', 'the query, e.g. "SELECT model_id, count(*) FROM settlement GROUP BY 1"')
    .option('--file <path>', 'DuckDB file (default: ANALYTICS_DB or DATA_DIR/analytics.duckdb)')
    .option('--format <format>', 'table, csv or json', parseFormat, 'table')
    .option('--timeout <ms>', 'stop the query after this long', parseCount, DEFAULT_SQL_LIMITS.timeoutMs)
    .option('--max-rows <n>', 'refuse answers with more rows', parseCount, DEFAULT_SQL_LIMITS.maxRows)
    .addHelpText(
      'after',
      '\nOnly one SELECT/WITH/EXPLAIN statement; writes, DDL, COPY, ATTACH, PRAGMA/SET and file-reading\n' +
        'functions are refused with a code (READ_ONLY, FORBIDDEN_FUNCTION, ...) and exit status 1.\n' +
        'The file is opened read-only: while the indexer holds it, ask its API (POST /sql) instead.',
    )
    .action(async (sql: string, flags: QueryFlags) => {
      const file = path.resolve(flags.file ?? loadConfig(process.env).analyticsPath)
      if (!fs.existsSync(file))
        throw new ConfigError(`No analytics database at ${file}; sync it first or pass --file.`)
      const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' }).catch((cause) => {
        throw new ConfigError(`Cannot open ${file} (is the indexer holding it? ask its POST /sql).`, {
          cause,
        })
      })
      const connection = await instance.connect()
      try {
        await lockDownInstance(connection)
        const result = await runReadOnlySql(connection, sql, {
          timeoutMs: flags.timeout,
          maxRows: flags.maxRows,
        })
        process.stdout.write(formatSqlResult(result, flags.format))
        if (flags.format === 'json') process.stdout.write('\n')
      } catch (err) {
        const code = (err as { code?: unknown }).code
        if (typeof code !== 'string') throw err
        console.error(`${code}: ${(err as { shortMessage?: string }).shortMessage ?? (err as Error).message}`)
        process.exitCode = 1
      } finally {
        connection.closeSync()
        instance.closeSync()
      }
    })
}

function parseFormat(raw: string): SqlFormat {
  if (raw === 'table' || raw === 'csv' || raw === 'json') return raw
  throw new InvalidArgumentError('Expected table, csv or json.')
}
