import { tables } from '../../db/tables/entityTables'
import { settlementFeeSql } from '../resolvers/settlementFeeSql'
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

const S = tables.settlement.columns
const I = tables.inference.columns
const R = tables.contributionReward.columns
const C = tables.contribution.columns
const A = tables.auditReport.columns
const E = tables.validatorEvent.columns
const F = tables.modelFunding.columns
const T = tables.tokenTransfer.columns

const settlementSum = (value: string): MetricSpec => ({
  from: `${tables.settlement.name} s`,
  time: `s.${S.timestamp}`,
  value: `sum(${value})`,
  groups: { MODEL: `s.${S.model}`, VALIDATOR: `s.${S.validator}` },
})

// Every SQL fragment is a constant chosen by an enum value; a caller's values are only ever
// bound parameters ($bucket, $from, $to).
const SPECS: Record<SeriesMetric, MetricSpec> = {
  INFERENCES: {
    from: `${tables.inference.name} i`,
    time: `i.${I.requestedAt}`,
    value: 'count(*)',
    groups: { MODEL: `i.${I.model}`, CALLER: `i.${I.caller}`, STATUS: `i.${I.status}` },
  },
  SETTLEMENTS: { ...settlementSum(''), value: 'count(*)' },
  INFERENCE_FEES: settlementSum(settlementFeeSql('s')),
  CONTRIBUTOR_REWARDS: {
    from: `${tables.contributionReward.name} r JOIN ${tables.settlement.name} s ON s.${S.id} = r.${R.settlement}`,
    time: `s.${S.timestamp}`,
    value: `sum(r.${R.amount})`,
    groups: {
      MODEL: `s.${S.model}`,
      VALIDATOR: `s.${S.validator}`,
      DATANET: `r.${R.datanetId}`,
      CONTRIBUTOR: `r.${R.contributor}`,
    },
  },
  MODEL_OWNER_REVENUE: settlementSum(`s.${S.modelOwnerAmount}`),
  STAKERS_REVENUE: settlementSum(`s.${S.stakersAmount}`),
  PROTOCOL_REVENUE: settlementSum(`s.${S.protocolAmount} + s.${S.dust}`),
  CONTRIBUTIONS: {
    from: `${tables.contribution.name} c`,
    time: `c.${C.submittedAt}`,
    value: 'count(*)',
    groups: { DATANET: `c.${C.datanet}`, CONTRIBUTOR: `c.${C.contributor}`, STATUS: `c.${C.status}` },
  },
  AUDIT_REPORTS: {
    from: `${tables.auditReport.name} a LEFT JOIN ${tables.settlement.name} s ON s.${S.inference} = a.${A.inference}`,
    time: `a.${A.createdAt}`,
    value: 'count(*)',
    groups: { STATUS: `a.${A.status}`, VALIDATOR: `s.${S.validator}`, MODEL: `s.${S.model}` },
  },
  VALIDATOR_EVENTS: {
    from: `${tables.validatorEvent.name} e`,
    time: `e.${E.timestamp}`,
    value: `sum(e.${E.amount})`,
    groups: { KIND: `e.${E.kind}`, VALIDATOR: `e.${E.validator}` },
  },
  MODEL_FUNDING: {
    from: `${tables.modelFunding.name} f`,
    time: `f.${F.timestamp}`,
    value: `sum(f.${F.amount})`,
    groups: { MODEL: `f.${F.model}` },
  },
  TOKEN_TRANSFERS: {
    from: `${tables.tokenTransfer.name} t`,
    time: `t.${T.timestamp}`,
    value: 'count(*)',
    groups: { TOKEN: `t.${T.token}` },
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
