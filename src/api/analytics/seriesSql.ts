import { AnalyticsInputError } from './errors'

/**
 * The facts `series` counts or sums (the GraphQL enum `AnalyticsMetric`, with these descriptions).
 *
 * @example
 * Object.keys(SERIES_METRICS) // ['INFERENCES', 'SETTLEMENTS', …]
 */
export const SERIES_METRICS = {
  INFERENCES: 'inferences requested (count)',
  SETTLEMENTS: 'inferences settled (count)',
  INFERENCE_FEES: 'fees of settled inferences (sum, wei)',
  CONTRIBUTOR_REWARDS: 'paid to data contributors (sum, wei)',
  MODEL_OWNER_REVENUE: 'paid to model owners (sum, wei)',
  STAKERS_REVENUE: 'paid to stakers (sum, wei)',
  PROTOCOL_REVENUE: 'paid to the protocol treasury, rounding dust included (sum, wei)',
  CONTRIBUTIONS: 'contributions submitted (count)',
  AUDIT_REPORTS: "auditor's reports (count, by report time)",
  VALIDATOR_EVENTS: 'validator bond movements (sum, wei)',
  MODEL_FUNDING: 'ModelFund grants (sum, wei)',
  TOKEN_TRANSFERS: 'OPEN, WOPEN and GOPEN transfers (count)',
} as const
export type SeriesMetric = keyof typeof SERIES_METRICS

/**
 * What a series can be split by (the GraphQL enum `AnalyticsGroupBy`); each metric offers some.
 *
 * @example
 * seriesGroupsOf('VALIDATOR_EVENTS') // ['NONE', 'KIND', 'VALIDATOR']
 */
export const SERIES_GROUPS = {
  NONE: 'one series',
  MODEL: 'model id',
  DATANET: 'datanet id',
  VALIDATOR: 'validator (oracle) address',
  CONTRIBUTOR: 'contributor address',
  CALLER: 'inference caller address',
  STATUS: 'status (inference, contribution or audit)',
  KIND: 'validator event kind',
  TOKEN: 'token',
} as const
export type SeriesGroupBy = keyof typeof SERIES_GROUPS

type MetricSpec = {
  from: string
  time: string
  value: string
  groups: Partial<Record<SeriesGroupBy, string>>
}

const FEE = 's.protocol_amount + s.model_owner_amount + s.stakers_amount + s.contributors_amount + s.dust'
const settlementSum = (value: string): MetricSpec => ({
  from: 'settlement s',
  time: 's.timestamp',
  value: `sum(${value})`,
  groups: { MODEL: 's.model_id', VALIDATOR: 's.validator_id' },
})

// Every SQL fragment is a constant chosen by an enum value; a caller's values are only ever
// bound parameters ($bucket, $from, $to).
const SPECS: Record<SeriesMetric, MetricSpec> = {
  INFERENCES: {
    from: 'inference i',
    time: 'i.requested_at',
    value: 'count(*)',
    groups: { MODEL: 'i.model_id', CALLER: 'i.caller_id', STATUS: 'i.status' },
  },
  SETTLEMENTS: { ...settlementSum(''), value: 'count(*)' },
  INFERENCE_FEES: settlementSum(FEE),
  CONTRIBUTOR_REWARDS: {
    from: 'contribution_reward r JOIN settlement s ON s.id = r.settlement_id',
    time: 's.timestamp',
    value: 'sum(r.amount)',
    groups: {
      MODEL: 's.model_id',
      VALIDATOR: 's.validator_id',
      DATANET: 'r.datanet_id',
      CONTRIBUTOR: 'r.contributor_id',
    },
  },
  MODEL_OWNER_REVENUE: settlementSum('s.model_owner_amount'),
  STAKERS_REVENUE: settlementSum('s.stakers_amount'),
  PROTOCOL_REVENUE: settlementSum('s.protocol_amount + s.dust'),
  CONTRIBUTIONS: {
    from: 'contribution c',
    time: 'c.submitted_at',
    value: 'count(*)',
    groups: { DATANET: 'c.datanet_id', CONTRIBUTOR: 'c.contributor_id', STATUS: 'c.status' },
  },
  AUDIT_REPORTS: {
    from: 'audit_report a LEFT JOIN settlement s ON s.inference_id = a.inference_id',
    time: 'a.created_at',
    value: 'count(*)',
    groups: { STATUS: 'a.status', VALIDATOR: 's.validator_id', MODEL: 's.model_id' },
  },
  VALIDATOR_EVENTS: {
    from: 'validator_event e',
    time: 'e.timestamp',
    value: 'sum(e.amount)',
    groups: { KIND: 'e.kind', VALIDATOR: 'e.validator_id' },
  },
  MODEL_FUNDING: {
    from: 'model_funding f',
    time: 'f.timestamp',
    value: 'sum(f.amount)',
    groups: { MODEL: 'f.model_id' },
  },
  TOKEN_TRANSFERS: {
    from: 'token_transfer t',
    time: 't.timestamp',
    value: 'count(*)',
    groups: { TOKEN: 't.token' },
  },
}

/**
 * The statement of `series(metric, bucket, groupBy, from, to)`: one row per (bucket, group) with
 * the count or sum, at most `maxRows + 1` rows (so the caller can tell the answer was cut).
 * Parameters: `$bucket`, `$from`, `$to`.
 *
 * @throws {AnalyticsInputError} when the metric cannot be grouped that way (the message lists the ways it can).
 * @example
 * seriesSql('INFERENCE_FEES', 'MODEL', 10_000)
 */
export function seriesSql(metric: SeriesMetric, groupBy: SeriesGroupBy, maxRows: number): string {
  const spec = SPECS[metric]
  if (!spec) throw new AnalyticsInputError(`unknown metric ${String(metric)}`)
  const group = groupBy === 'NONE' ? null : spec.groups[groupBy]
  if (group === undefined)
    throw new AnalyticsInputError(
      `${metric} cannot be grouped by ${groupBy}; it can by ${['NONE', ...Object.keys(spec.groups)].join(', ')}`,
    )
  return `SELECT date_trunc($bucket, ${spec.time}) AS bucket, ${group === null ? 'CAST(NULL AS VARCHAR)' : `CAST(${group} AS VARCHAR)`} AS grp,
  coalesce(${spec.value}, 0) AS value
FROM ${spec.from}
WHERE ${spec.time} IS NOT NULL AND ($from IS NULL OR ${spec.time} >= $from) AND ($to IS NULL OR ${spec.time} < $to)
GROUP BY 1, 2
ORDER BY 1, 2
LIMIT ${Math.trunc(maxRows) + 1}`
}

/**
 * Which groupings each metric offers (for documentation and errors).
 *
 * @example
 * seriesGroupsOf('INFERENCES') // ['NONE', 'MODEL', 'CALLER', 'STATUS']
 */
export function seriesGroupsOf(metric: SeriesMetric): SeriesGroupBy[] {
  return ['NONE', ...(Object.keys(SPECS[metric].groups) as SeriesGroupBy[])]
}
