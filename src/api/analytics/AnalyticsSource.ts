/** A value bound to a named parameter of an analytics statement (`$from`, `$model`, …). */
export type AnalyticsParam = string | number | Date | null

/** Bound parameters by name; the statement's text never contains a caller's value. */
export type AnalyticsParams = Record<string, AnalyticsParam>

/** A statement's answer: column names and rows of values as the engine returns them. */
export type AnalyticsRows = { columns: string[]; rows: AnalyticsValue[][] }

/**
 * One cell after conversion: integers and decimals as `bigint` (amounts never lose digits),
 * times as `Date`, text as `string`, doubles as `number`.
 */
export type AnalyticsValue = bigint | number | string | boolean | Date | null

/**
 * Where dashboards and `analytics { … }` read from: a read-only analytics store (DuckDB, see
 * {@link createDuckDbSource}). Implementations bound concurrency and time per statement.
 *
 * @example
 * const { rows } = await source.query('SELECT count(*) FROM settlement WHERE model_id = $model', { model: '1' })
 */
export type AnalyticsSource = {
  query(sql: string, params: AnalyticsParams): Promise<AnalyticsRows>
}
