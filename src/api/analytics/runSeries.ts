import type { AnalyticsSource } from './AnalyticsSource'
import { AnalyticsInputError } from './errors'
import { parseFilters } from './parseFilters'
import { convert } from './runDashboardQuery'
import { type SeriesGroupBy, type SeriesMetric, seriesSql } from './seriesSql'

export type SeriesArgs = {
  metric: SeriesMetric
  groupBy?: SeriesGroupBy | null
  bucket?: string | null
  from?: Date | string | null
  to?: Date | string | null
}

export type SeriesPoint = { bucket: string; group: string | null; value: string }

/**
 * One `series` answer: the metric's count or sum per bucket (and group), in time order.
 *
 * @throws {AnalyticsInputError} for a bad bucket, range or grouping, or when the answer would
 *   have more than `maxRows` points (narrow the range or take a larger bucket).
 * @throws {AnalyticsUnavailableError} from the source.
 * @example
 * await runSeries(source, { metric: 'INFERENCES', groupBy: 'MODEL', bucket: 'day' }, 10_000)
 */
export async function runSeries(
  source: AnalyticsSource,
  args: SeriesArgs,
  maxRows: number,
): Promise<SeriesPoint[]> {
  const filters = parseFilters({ bucket: args.bucket, from: args.from, to: args.to })
  const sql = seriesSql(args.metric, args.groupBy ?? 'NONE', maxRows)
  const { rows } = await source.query(sql, { bucket: filters.bucket, from: filters.from, to: filters.to })
  if (rows.length > maxRows)
    throw new AnalyticsInputError(
      `the series has more than ${maxRows} points; narrow from/to or take a larger bucket`,
    )
  return rows.map((r) => ({
    bucket: convert(r[0], { kind: 'time' }) as string,
    group: r[1] === null ? null : String(r[1]),
    value: String(r[2]),
  }))
}
