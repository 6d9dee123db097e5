/** How a result column is typed in GraphQL, JSON and CSV. */
export type ColumnKind =
  /** bucket start or event time: GraphQL DateTime, ISO text */
  | 'time'
  /** amount in wei: GraphQL BigInt, decimal text */
  | 'wei'
  /** count, ppm or block: GraphQL Int */
  | 'int'
  /** id, address, name or enum value: GraphQL String */
  | 'text'

export type DashboardColumn = {
  /** Column name in the SQL result (snake case). */
  name: string
  /** GraphQL field (camel case). */
  field: string
  kind: ColumnKind
  description?: string
  /** May be null (GraphQL type without `!`). */
  nullable?: boolean
}

/** The filters a dashboard query reads (named parameters of its SQL file). */
export type DashboardFilter = 'from' | 'to' | 'model' | 'datanet' | 'bucket' | 'limit'

export type DashboardQuery = {
  /** File stem under dashboards/ and the URL name (`/dashboards/data/<name>.csv`). */
  name: string
  /** Field of `analytics { … }`. */
  field: string
  /** GraphQL type of one row. */
  typeName: string
  title: string
  columns: DashboardColumn[]
}

const col = (name: string, kind: ColumnKind, description?: string, nullable = false): DashboardColumn => ({
  name,
  field: name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()),
  kind,
  description,
  nullable,
})

/**
 * The dashboard questions: one SQL file each in `dashboards/`, one chart on the page and one
 * field of `analytics { … }`. Columns are listed in the order the SQL returns them.
 *
 * @example
 * DASHBOARD_QUERIES.find((q) => q.name === 'top_contributors_by_earnings')?.columns.map((c) => c.field)
 */
export const DASHBOARD_QUERIES: readonly DashboardQuery[] = [
  {
    name: 'open_distributed_per_day',
    field: 'openDistributed',
    typeName: 'OpenDistributedPoint',
    title: 'OPEN distributed per day, by recipient kind',
    columns: [
      col('bucket', 'time', 'start of the time bucket (UTC)'),
      col('kind', 'text', 'contributors, model_owners, stakers or protocol (with rounding dust)'),
      col('amount', 'wei'),
    ],
  },
  {
    name: 'top_contributors_by_earnings',
    field: 'topContributors',
    typeName: 'TopContributor',
    title: 'Top contributors by earnings',
    columns: [
      col('contributor', 'text', 'address'),
      col('earned', 'wei'),
      col('rewards', 'int', 'rewards received'),
      col('share_ppm', 'int', 'share of all contributor earnings under the filters, ppm', true),
    ],
  },
  {
    name: 'top_datanets_by_earnings',
    field: 'topDatanets',
    typeName: 'TopDatanet',
    title: 'Top datanets by contributor earnings',
    columns: [
      col('datanet', 'text', 'datanet id'),
      col('name', 'text', 'as emitted (null when the registry is not indexed)', true),
      col('earned', 'wei'),
      col('rewards', 'int'),
      col('contributors', 'int', 'distinct contributors paid'),
      col('share_ppm', 'int', 'share of all contributor earnings under the filters, ppm', true),
    ],
  },
  {
    name: 'model_revenue_and_inferences',
    field: 'modelRevenue',
    typeName: 'ModelRevenueAndInferences',
    title: 'Revenue and inference volume per model',
    columns: [
      col('bucket', 'time'),
      col('model', 'text', 'model id'),
      col('inferences', 'int', 'inferences requested'),
      col('settled', 'int', 'inferences settled'),
      col('revenue', 'wei', 'fees of the settled inferences'),
    ],
  },
  {
    name: 'attribution_concentration',
    field: 'attributionConcentration',
    typeName: 'AttributionConcentrationPoint',
    title: 'Attribution concentration per model (top-10 share, Gini)',
    columns: [
      col('bucket', 'time'),
      col('model', 'text', 'model id'),
      col('contributors', 'int', 'contributors paid'),
      col('total', 'wei', 'paid to contributors'),
      col(
        'top10_share_ppm',
        'int',
        "the 10 best-paid contributors' share, ppm (null when nothing was paid)",
        true,
      ),
      col(
        'gini_ppm',
        'int',
        "Gini coefficient of contributors' earnings, ppm (null when nothing was paid)",
        true,
      ),
    ],
  },
  {
    name: 'validator_staking_over_time',
    field: 'validatorStaking',
    typeName: 'ValidatorStakingPoint',
    title: 'Validator bonding, unbonding, withdrawals and slashing',
    columns: [
      col('bucket', 'time'),
      col('kind', 'text', 'BONDED, UNBONDING, WITHDRAWN or SLASHED'),
      col('amount', 'wei'),
      col('events', 'int'),
    ],
  },
  {
    name: 'audit_outcomes_per_oracle',
    field: 'auditOutcomes',
    typeName: 'OracleAuditOutcome',
    title: "Audit outcomes of each oracle's settlements",
    columns: [
      col('validator', 'text', 'validator (oracle) address'),
      col('audited', 'int'),
      col('verified', 'int'),
      col('mismatch', 'int'),
      col('unverifiable', 'int'),
      col('verified_ppm', 'int'),
      col('mismatch_ppm', 'int'),
      col('unverifiable_ppm', 'int'),
    ],
  },
  {
    name: 'governance_funding_outcomes',
    field: 'fundingProposals',
    typeName: 'FundingProposalOutcome',
    title: "Funding proposals: amount asked, outcome, the model's revenue before and after",
    columns: [
      col('proposal', 'text', 'proposal id'),
      col('action_index', 'int'),
      col('model', 'text', 'funded model id as the action carries it', true),
      col('amount_asked', 'text', 'wei, as the action carries it (any uint256)', true),
      col('outcome', 'text', "the governor's state at the indexed head (Proposal.state)", true),
      col('created_at', 'time'),
      col('executed_at_block', 'int', 'block of execution; null when not executed', true),
      col('amount_funded', 'wei', "ModelFunding paid by the proposal's execution", true),
      col('revenue_before', 'wei', 'model revenue before execution (all of it when not executed)'),
      col('revenue_after', 'wei', 'model revenue from the executing block on; null when not executed', true),
    ],
  },
]
