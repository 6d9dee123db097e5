/**
 * The rollup tables the dashboards read: the mirrored facts pre-aggregated per UTC hour (and,
 * where a question is not additive over hours, per day and per week), kept by the sync in the
 * same DuckDB transaction as the rows they derive from. Every table is a pure function of the
 * mirrored tables: a rebuild from them gives the same rows, which is what the tests compare.
 *
 * Each build statement reads only the hours its scope names, so a sync round recomputes the
 * hours its changes touched and nothing else (see maintainRollups).
 */

/** DuckDB schema of the rollups (the mirror is `main`). */
export const ROLLUP_SCHEMA = 'rollup'

/**
 * Bumped whenever a rollup's definition changes: a store built under another version is rebuilt
 * by the next sync round (the version is part of the schema hash in the sync state).
 */
export const ROLLUP_VERSION = 5

/**
 * The UTC hour of a TIMESTAMPTZ as a plain TIMESTAMP, by integer arithmetic on its microseconds
 * (DuckDB's time-zone functions go through ICU: ~0.4 µs a row, 2 s over 5M settlements).
 * Floor division that also holds before 1970.
 */
export function hourOf(ts: string): string {
  return `make_timestamp(epoch_us(${ts}) - ((epoch_us(${ts}) % 3600000000) + 3600000000) % 3600000000)`
}

/** Which rows a build statement reads: all of them, or only those a sync round touched. */
export type RollupScope = {
  /** Predicate on settlement `s` (by its `timestamp`). */
  settlements: string
  /** Predicate on contribution_reward `cr`: those of the settlements in scope. */
  rewards: string
  /** Predicate on inference `i` (by its `requested_at`). */
  inferences: string
  /** Predicate on `earned_hour e` rows whose day or week bucket is recomputed. */
  buckets: (kind: 'day' | 'week') => string
  /** Predicate on `earned_hour e` rows whose contributor's totals are recomputed. */
  contributors: string
}

/**
 * Every row: a full build. A time PostgreSQL holds as ±infinity has no hour (the indexer never
 * writes one; a hand-edited database may): such rows stay out of every rollup, in a full build
 * as in a round (whose hours are finite), so a kept store still equals a rebuild.
 */
export const WHOLE_SCOPE: RollupScope = {
  settlements: 'isfinite(s.timestamp)',
  rewards: 'TRUE',
  inferences: 'isfinite(i.requested_at)',
  buckets: () => 'TRUE',
  contributors: 'TRUE',
}

export type RollupTable = {
  name: string
  /** Column definitions, in the order the build statement returns them. */
  columns: string
  /** What a sync round recomputes it by: dirty hours, dirty day/week buckets, dirty contributors. */
  key: 'hour' | 'bucket' | 'contributor'
  /** The SELECT giving the table's rows within the scope. */
  build(scope: RollupScope): string
  /** ORDER BY of a full build: hour order lets zone maps skip what a time filter excludes. */
  order?: string
}

const SETTLEMENT_HOUR = hourOf('s.timestamp')
const REVENUE = 's.protocol_amount + s.model_owner_amount + s.stakers_amount + s.contributors_amount + s.dust'
const AUDIT_COUNTS = `count(*), count(*) FILTER (WHERE ar.status = 'VERIFIED'), count(*) FILTER (WHERE ar.status = 'MISMATCH'),
  count(*) FILTER (WHERE ar.status = 'UNVERIFIABLE')`

// What each settlement paid each datanet, from the rewards alone: grouped before the join with
// the settlements (half the time of grouping the joined rows, 6 vs 12 s over 10M rewards).
const paidPerDatanet = (
  scope: RollupScope,
) => `(SELECT cr.settlement_id, cr.datanet_id AS datanet, sum(cr.amount) AS paid
  FROM contribution_reward cr WHERE cr.datanet_id IS NOT NULL AND ${scope.rewards} GROUP BY ALL)`

/**
 * Concentration inputs of the day or week buckets in scope, over all datanets (datanet NULL) and
 * over each datanet's rewards, from per-contributor earnings: each bucket's earnings as one
 * sorted list (a hash aggregate and a sort per bucket, no window), the NULLs (overflowed amounts)
 * left out as the dashboard's sums leave them out. Σ rank × earnings does not depend on how equal
 * earnings are ordered, and the top-10 sum is the sum of the 10 largest values, so the integers
 * are the dashboard's.
 */
function concentrationOf(kind: 'day' | 'week', scope: RollupScope): string {
  return `SELECT * FROM (
    WITH per AS (
      SELECT date_trunc('${kind}', e.hour) AS bucket, e.model, e.datanet, e.contributor, sum(e.amount) AS earned
      FROM ${ROLLUP_SCHEMA}.earned_hour e WHERE ${scope.buckets(kind)} GROUP BY ALL
    )
    SELECT '${kind}' AS kind, bucket, model, datanet, len(l) AS contributors, list_sum(x) AS total,
      coalesce(list_sum(x[-10:]), 0) AS top10, list_sum(list_transform(x, lambda v, i: v * i)) AS weighted
    FROM (
      SELECT bucket, model, datanet, l, list_filter(list_sort(l), lambda v: v IS NOT NULL) AS x
      FROM (
        SELECT bucket, model, datanet, list(earned) AS l
        FROM (
          SELECT bucket, model, NULL::VARCHAR AS datanet, contributor, sum(earned) AS earned FROM per GROUP BY ALL
          UNION ALL
          SELECT bucket, model, datanet, contributor, earned FROM per WHERE datanet IS NOT NULL
        )
        GROUP BY ALL
      )
    )
  )`
}

/**
 * The rollups, in build order (later ones read earlier ones).
 *
 * @example
 * ROLLUP_TABLES.map((t) => t.name) // ['earned_hour', 'paid_hour', 'paid_datanet_hour', …]
 */
export const ROLLUP_TABLES: readonly RollupTable[] = [
  {
    // One row per reward: the contributor's earning with its settlement's hour and model, the
    // contributor by dictionary key (0: none; grouping 10M rows by a 42-byte address is 2x
    // slower). Not grouped: rewards repeat a key too rarely to pay for a 10M-row aggregate and
    // sort (2.8 vs 6.2 s); the join's output keeps the rewards' (time) order for the zone maps.
    name: 'earned_hour',
    columns:
      'hour TIMESTAMP, model VARCHAR, datanet VARCHAR, contributor INTEGER, amount HUGEINT, rewards BIGINT',
    key: 'hour',
    build: (
      scope,
    ) => `SELECT ${SETTLEMENT_HOUR} AS hour, s.model_id AS model, r.datanet_id AS datanet, coalesce(c.key, 0) AS contributor,
        r.amount, CAST(1 AS BIGINT) AS rewards
      FROM settlement s
      JOIN contribution_reward r ON r.settlement_id = s.id
      LEFT JOIN ${ROLLUP_SCHEMA}.contributor c ON c.id = r.contributor_id
      WHERE ${scope.settlements}`,
  },
  {
    // Settled amounts per hour and model.
    name: 'paid_hour',
    columns:
      'hour TIMESTAMP, model VARCHAR, settlements BIGINT, protocol HUGEINT, model_owners HUGEINT, stakers HUGEINT, contributors HUGEINT, revenue HUGEINT',
    key: 'hour',
    order: 'hour',
    build: (scope) => `SELECT ${SETTLEMENT_HOUR} AS hour, s.model_id AS model, count(*) AS settlements,
        sum(s.protocol_amount + s.dust), sum(s.model_owner_amount), sum(s.stakers_amount), sum(s.contributors_amount), sum(${REVENUE})
      FROM settlement s WHERE ${scope.settlements} GROUP BY ALL`,
  },
  {
    // The same over the settlements that paid a datanet, `contributors` being that datanet's
    // rewards in them. Datanet first: a datanet filter then skips the other datanets' rows
    // (unsorted, the distribution for one datanet took 258 instead of 27 ms over 10M rewards).
    name: 'paid_datanet_hour',
    columns:
      'datanet VARCHAR, hour TIMESTAMP, model VARCHAR, settlements BIGINT, protocol HUGEINT, model_owners HUGEINT, stakers HUGEINT, contributors HUGEINT',
    key: 'hour',
    order: 'datanet, hour',
    build: (
      scope,
    ) => `SELECT d.datanet, ${SETTLEMENT_HOUR} AS hour, s.model_id AS model, count(*) AS settlements,
        sum(s.protocol_amount + s.dust), sum(s.model_owner_amount), sum(s.stakers_amount), sum(d.paid)
      FROM ${paidPerDatanet(scope)} d JOIN settlement s ON s.id = d.settlement_id
      WHERE ${scope.settlements} GROUP BY ALL`,
  },
  {
    // Revenue per model and block (with its hour, by which a round recomputes it), model first:
    // a funding proposal's revenue before and after its execution block reads one model's rows.
    name: 'revenue_block',
    columns: 'hour TIMESTAMP, model VARCHAR, block INTEGER, revenue HUGEINT',
    key: 'hour',
    order: 'model, block',
    build: (
      scope,
    ) => `SELECT ${SETTLEMENT_HOUR} AS hour, s.model_id AS model, s.block_number AS block, sum(${REVENUE}) AS revenue
      FROM settlement s WHERE ${scope.settlements} GROUP BY ALL`,
  },
  {
    name: 'requested_hour',
    columns: 'hour TIMESTAMP, model VARCHAR, inferences BIGINT',
    key: 'hour',
    order: 'hour',
    build: (scope) => `SELECT ${hourOf('i.requested_at')} AS hour, i.model_id AS model, count(*) AS inferences
      FROM inference i WHERE ${scope.inferences} GROUP BY ALL`,
  },
  {
    // Audit outcomes by the audited settlement's hour, model and oracle.
    name: 'audit_hour',
    columns:
      'hour TIMESTAMP, model VARCHAR, validator VARCHAR, audited BIGINT, verified BIGINT, mismatch BIGINT, unverifiable BIGINT',
    key: 'hour',
    order: 'hour',
    build: (
      scope,
    ) => `SELECT ${SETTLEMENT_HOUR} AS hour, s.model_id AS model, s.validator_id AS validator, ${AUDIT_COUNTS}
        FROM audit_report ar JOIN settlement s ON s.inference_id = ar.inference_id
        WHERE ${scope.settlements} GROUP BY ALL`,
  },
  {
    // The same over the settlements that paid a datanet (unsorted, as paid_datanet_hour).
    name: 'audit_datanet_hour',
    columns:
      'datanet VARCHAR, hour TIMESTAMP, model VARCHAR, validator VARCHAR, audited BIGINT, verified BIGINT, mismatch BIGINT, unverifiable BIGINT',
    key: 'hour',
    build: (
      scope,
    ) => `SELECT d.datanet, ${SETTLEMENT_HOUR} AS hour, s.model_id AS model, s.validator_id AS validator, ${AUDIT_COUNTS}
        FROM audit_report ar JOIN settlement s ON s.inference_id = ar.inference_id
        JOIN (SELECT DISTINCT cr.settlement_id, cr.datanet_id AS datanet FROM contribution_reward cr
              WHERE cr.datanet_id IS NOT NULL AND ${scope.rewards}) d ON d.settlement_id = s.id
        WHERE ${scope.settlements} GROUP BY ALL`,
  },
  {
    // Concentration inputs (contributors, total, top-10 sum, sum of rank × earnings) of every
    // whole day and week, over all datanets (NULL) and per datanet: ranking one datanet's rewards
    // per query scanned all of earned_hour (300 ms over 10M rewards). Hours and the buckets a
    // range cuts are ranked per query from earned_hour.
    name: 'concentration',
    columns:
      'kind VARCHAR, bucket TIMESTAMP, model VARCHAR, datanet VARCHAR, contributors BIGINT, total HUGEINT, top10 HUGEINT, weighted HUGEINT',
    key: 'bucket',
    order: 'kind, datanet NULLS FIRST, bucket',
    build: (scope) => `${concentrationOf('day', scope)} UNION ALL ${concentrationOf('week', scope)}`,
  },
  {
    // All-time earnings per contributor and datanet: the top lists without a time or model filter.
    name: 'contributor_total',
    columns: 'contributor INTEGER, datanet VARCHAR, amount HUGEINT, rewards BIGINT',
    key: 'contributor',
    build: (scope) => `SELECT e.contributor, e.datanet, sum(e.amount) AS amount, sum(e.rewards) AS rewards
      FROM ${ROLLUP_SCHEMA}.earned_hour e WHERE ${scope.contributors} GROUP BY ALL`,
  },
  {
    // All-time earnings per model, contributor and datanet, model first: the top lists of one
    // model without a time filter skip the other models' rows (earned_hour is in hour order).
    name: 'contributor_model_total',
    columns: 'model VARCHAR, contributor INTEGER, datanet VARCHAR, amount HUGEINT, rewards BIGINT',
    key: 'contributor',
    order: 'model',
    build: (
      scope,
    ) => `SELECT e.model, e.contributor, e.datanet, sum(e.amount) AS amount, sum(e.rewards) AS rewards
      FROM ${ROLLUP_SCHEMA}.earned_hour e WHERE ${scope.contributors} GROUP BY ALL`,
  },
]
