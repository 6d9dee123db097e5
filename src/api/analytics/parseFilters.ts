import type { AnalyticsParams } from './AnalyticsSource'
import { AnalyticsInputError, DashboardDefinitionError } from './errors'

/** Time bucket of a series: an hour, a UTC day or a week starting on Monday. */
export type Bucket = 'hour' | 'day' | 'week'

/**
 * The buckets, as `date_trunc` names them.
 *
 * @example
 * BUCKETS.includes('week') // true
 */
export const BUCKETS: readonly Bucket[] = ['hour', 'day', 'week']

/** The filters every dashboard accepts; each query reads the ones its SQL names. */
export type DashboardFilters = {
  from: Date | null
  to: Date | null
  model: string | null
  datanet: string | null
  bucket: Bucket
  limit: number
}

/**
 * Rows of a top list unless `limit` says otherwise, and the most it may say.
 *
 * @example
 * parseFilters({}).limit === DEFAULT_TOP_LIMIT // true
 */
export const DEFAULT_TOP_LIMIT = 20
/** @example parseFilters({ limit: String(MAX_TOP_LIMIT) }) // allowed; one more is refused */
export const MAX_TOP_LIMIT = 100

const ID = /^[0-9]{1,78}$/
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$/

/**
 * Checks raw filter values (from a URL's query string or GraphQL arguments) and returns them
 * typed. Dates are ISO 8601 (a date alone means its UTC midnight); ids are decimal; the bucket is
 * hour, day or week; limit 1..100. The time range is in whole UTC hours, the resolution of the
 * analytics store's rollups: `from` is moved back to the start of its hour and `to` forward to the
 * end of its hour (an hour the range touches counts whole).
 *
 * @throws {AnalyticsInputError} naming the first bad value.
 * @example
 * parseFilters({ from: '2026-01-01', model: '1', bucket: 'week' })
 */
export function parseFilters(raw: Record<string, unknown>): DashboardFilters {
  const bucket = text(raw.bucket, 'bucket') ?? 'day'
  if (!BUCKETS.includes(bucket as Bucket))
    throw new AnalyticsInputError(
      `bucket must be one of ${BUCKETS.join(', ')}, got ${JSON.stringify(bucket)}`,
    )
  const from = wholeHour(date(raw.from, 'from'), Math.floor)
  const to = wholeHour(date(raw.to, 'to'), Math.ceil)
  if (from && to && from > to) throw new AnalyticsInputError('from must not be after to')
  const limitText = raw.limit ?? null
  const limit = limitText === null || limitText === '' ? DEFAULT_TOP_LIMIT : Number(limitText)
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TOP_LIMIT)
    throw new AnalyticsInputError(`limit must be an integer from 1 to ${MAX_TOP_LIMIT}`)
  return {
    from,
    to,
    model: id(raw.model, 'model'),
    datanet: id(raw.datanet, 'datanet'),
    bucket: bucket as Bucket,
    limit,
  }
}

/**
 * The named parameters a statement uses (`$name` in its text), taken from the filters.
 *
 * @example
 * paramsFor('SELECT … WHERE model_id = $model', filters) // { model: '1' }
 */
export function paramsFor(sql: string, filters: DashboardFilters): AnalyticsParams {
  const params: AnalyticsParams = {}
  for (const [, name] of sql.matchAll(/\$([a-z_]+)/g)) {
    if (!(name in filters))
      throw new DashboardDefinitionError(`the statement names an unknown parameter $${name}`)
    params[name] = filters[name as keyof DashboardFilters]
  }
  return params
}

function text(v: unknown, name: string): string | null {
  if (v === undefined || v === null || v === '') return null
  if (typeof v !== 'string') throw new AnalyticsInputError(`${name} must be given once, as text`)
  return v
}

function id(v: unknown, name: string): string | null {
  const s = text(v, name)
  if (s !== null && !ID.test(s))
    throw new AnalyticsInputError(`${name} must be a decimal id, got ${JSON.stringify(s.slice(0, 80))}`)
  return s
}

const HOUR_MS = 3_600_000

function wholeHour(d: Date | null, round: (x: number) => number): Date | null {
  return d === null ? null : new Date(round(d.getTime() / HOUR_MS) * HOUR_MS)
}

function date(v: unknown, name: string): Date | null {
  if (v instanceof Date) return v
  const s = text(v, name)
  if (s === null) return null
  const t = ISO_DATE.test(s)
    ? Date.parse(s.length === 10 ? `${s}T00:00:00Z` : /Z|[+-]\d{2}:\d{2}$/.test(s) ? s : `${s}Z`)
    : Number.NaN
  if (Number.isNaN(t))
    throw new AnalyticsInputError(`${name} must be an ISO 8601 date, got ${JSON.stringify(s.slice(0, 80))}`)
  return new Date(t)
}
