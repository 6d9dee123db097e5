import type pg from 'pg'
import type { DashboardFilters } from '../../src/api/analytics'
import { proposalViewSql } from '../../src/api/resolvers/proposalStateSql'

type Row = Record<string, string | number | null>

// The questions answered straight from the indexer's PostgreSQL, written apart from the DuckDB
// files on purpose (other joins, LATERAL unpivots, the Gini and top-10 share computed here in
// bigint arithmetic) so the comparison checks the dashboards, not a copy of them.

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
const BUCKET = (col: string) => ISO(`date_trunc($5, ${col}, 'UTC')`)
const FEE = 's.protocol_amount + s.model_owner_amount + s.stakers_amount + s.contributors_amount + s.dust'
const IN_RANGE = (col: string) =>
  `($1::timestamptz IS NULL OR ${col} >= $1) AND ($2::timestamptz IS NULL OR ${col} < $2)`

function args(f: DashboardFilters): unknown[] {
  return [f.from, f.to, f.model, f.datanet, f.bucket, f.limit]
}

async function q(pool: pg.Pool, sql: string, f: DashboardFilters): Promise<Row[]> {
  // The unused CTE types every parameter, so each statement may leave some of $1..$6 out.
  const typed = `WITH _p AS (SELECT $1::timestamptz, $2::timestamptz, $3::text, $4::text, $5::text, $6::int) ${sql}`
  return (await pool.query(typed, args(f))).rows
}

const floorPpm = (part: bigint, total: bigint) => (total === 0n ? null : Number((part * 1_000_000n) / total))

export const PG_ANSWERS: Record<string, (pool: pg.Pool, f: DashboardFilters) => Promise<Row[]>> = {
  open_distributed_per_day: (pool, f) =>
    q(
      pool,
      `SELECT ${BUCKET('s.timestamp')} AS bucket, v.kind, sum(v.amount)::text AS amount
       FROM settlement s
       LEFT JOIN LATERAL (SELECT sum(r.amount) AS paid FROM contribution_reward r
                          WHERE r.settlement_id = s.id AND r.datanet_id = $4) d ON true
       CROSS JOIN LATERAL (VALUES
         ('contributors', CASE WHEN $4::text IS NULL THEN s.contributors_amount ELSE d.paid END),
         ('model_owners', s.model_owner_amount),
         ('stakers', s.stakers_amount),
         ('protocol', s.protocol_amount + s.dust)) AS v(kind, amount)
       WHERE ${IN_RANGE('s.timestamp')} AND ($3::text IS NULL OR s.model_id = $3)
         AND ($4::text IS NULL OR d.paid IS NOT NULL)
       GROUP BY 1, 2 ORDER BY bucket, kind COLLATE "C"`,
      f,
    ),
  top_contributors_by_earnings: (pool, f) =>
    q(
      pool,
      `SELECT r.contributor_id AS contributor, sum(r.amount)::text AS earned, count(*)::int AS rewards,
         floor(sum(r.amount) * 1000000 / nullif(sum(sum(r.amount)) OVER (), 0))::int AS share_ppm
       FROM contribution_reward r, settlement s
       WHERE s.id = r.settlement_id AND ${IN_RANGE('s.timestamp')}
         AND ($3::text IS NULL OR s.model_id = $3) AND ($4::text IS NULL OR r.datanet_id = $4)
       GROUP BY r.contributor_id ORDER BY sum(r.amount) DESC, r.contributor_id COLLATE "C" LIMIT $6`,
      f,
    ),
  top_datanets_by_earnings: (pool, f) =>
    q(
      pool,
      `SELECT r.datanet_id AS datanet, min(d.name) AS name, sum(r.amount)::text AS earned, count(*)::int AS rewards,
         count(DISTINCT r.contributor_id)::int AS contributors,
         floor(sum(r.amount) * 1000000 / nullif(sum(sum(r.amount)) OVER (), 0))::int AS share_ppm
       FROM contribution_reward r JOIN settlement s ON s.id = r.settlement_id LEFT JOIN datanet d ON d.id = r.datanet_id
       WHERE r.datanet_id IS NOT NULL AND ${IN_RANGE('s.timestamp')}
         AND ($3::text IS NULL OR s.model_id = $3) AND ($4::text IS NULL OR r.datanet_id = $4)
       GROUP BY r.datanet_id ORDER BY sum(r.amount) DESC, r.datanet_id COLLATE "C" LIMIT $6`,
      f,
    ),
  model_revenue_and_inferences: (pool, f) =>
    q(
      pool,
      `SELECT bucket, model, sum(requested)::int AS inferences, sum(settled)::int AS settled, sum(fee)::text AS revenue
       FROM (
         SELECT ${BUCKET('i.requested_at')} AS bucket, i.model_id AS model, 1 AS requested, 0 AS settled, 0::numeric AS fee
         FROM inference i WHERE ${IN_RANGE('i.requested_at')}
         UNION ALL
         SELECT ${BUCKET('s.timestamp')}, s.model_id, 0, 1, ${FEE}
         FROM settlement s WHERE ${IN_RANGE('s.timestamp')}
       ) x
       WHERE ($3::text IS NULL OR model = $3)
         AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM contribution_reward r JOIN settlement s2 ON s2.id = r.settlement_id
                                          WHERE s2.model_id = x.model AND r.datanet_id = $4))
       GROUP BY 1, 2 ORDER BY bucket, model COLLATE "C"`,
      f,
    ),
  attribution_concentration: async (pool, f) => {
    const per = await q(
      pool,
      `SELECT ${BUCKET('s.timestamp')} AS bucket, s.model_id AS model, sum(r.amount)::text AS earned
       FROM contribution_reward r JOIN settlement s ON s.id = r.settlement_id
       WHERE ${IN_RANGE('s.timestamp')} AND ($3::text IS NULL OR s.model_id = $3) AND ($4::text IS NULL OR r.datanet_id = $4)
       GROUP BY 1, 2, r.contributor_id`,
      f,
    )
    const groups = new Map<string, bigint[]>()
    for (const r of per) {
      const key = `${r.bucket}\u0000${r.model}`
      groups.set(key, [...(groups.get(key) ?? []), BigInt(r.earned as string)])
    }
    return [...groups]
      .map(([key, xs]) => {
        const [bucket, model] = key.split('\u0000')
        const asc = [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        const n = BigInt(asc.length)
        const total = asc.reduce((a, b) => a + b, 0n)
        const top10 = asc.slice(-10).reduce((a, b) => a + b, 0n)
        const weighted = asc.reduce((a, x, i) => a + BigInt(i + 1) * x, 0n)
        return {
          bucket,
          model,
          contributors: asc.length,
          total: total.toString(),
          top10_share_ppm: floorPpm(top10, total),
          gini_ppm: floorPpm(2n * weighted - (n + 1n) * total, n * total),
        }
      })
      .sort((a, b) => (a.bucket + a.model < b.bucket + b.model ? -1 : 1))
  },
  validator_staking_over_time: (pool, f) =>
    q(
      pool,
      `SELECT ${BUCKET('e.timestamp')} AS bucket, e.kind::text AS kind, sum(e.amount)::text AS amount, count(*)::int AS events
       FROM validator_event e WHERE ${IN_RANGE('e.timestamp')}
       GROUP BY 1, 2 ORDER BY 1, 2`,
      f,
    ),
  audit_outcomes_per_oracle: async (pool, f) => {
    const rows = await q(
      pool,
      `SELECT s.validator_id AS validator, a.status::text AS status, count(*)::int AS n
       FROM settlement s JOIN audit_report a ON a.inference_id = s.inference_id
       WHERE ${IN_RANGE('s.timestamp')} AND ($3::text IS NULL OR s.model_id = $3)
         AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM contribution_reward r WHERE r.settlement_id = s.id AND r.datanet_id = $4))
       GROUP BY 1, 2`,
      f,
    )
    const byValidator = new Map<string, Record<string, number>>()
    for (const r of rows) {
      const v = byValidator.get(r.validator as string) ?? { VERIFIED: 0, MISMATCH: 0, UNVERIFIABLE: 0 }
      v[r.status as string] = r.n as number
      byValidator.set(r.validator as string, v)
    }
    return [...byValidator.keys()].sort().map((validator) => {
      const v = byValidator.get(validator) as Record<string, number>
      const audited = v.VERIFIED + v.MISMATCH + v.UNVERIFIABLE
      const ppm = (k: string) => Math.floor((v[k] * 1_000_000) / audited)
      return {
        validator,
        audited,
        verified: v.VERIFIED,
        mismatch: v.MISMATCH,
        unverifiable: v.UNVERIFIABLE,
        verified_ppm: ppm('VERIFIED'),
        mismatch_ppm: ppm('MISMATCH'),
        unverifiable_ppm: ppm('UNVERIFIABLE'),
      }
    })
  },
  governance_funding_outcomes: (pool, f) =>
    q(
      pool,
      `SELECT p.id AS proposal, a.index AS action_index, a.args->>'modelId' AS model, a.args->>'amount' AS amount_asked,
         st.state AS outcome, ${ISO('p.created_at')} AS created_at, p.executed_at_block,
         funded.amount::text AS amount_funded, before.revenue::text AS revenue_before, after.revenue::text AS revenue_after
       FROM proposal p
       JOIN (${proposalViewSql('true')}) st ON st.id = p.id
       JOIN proposal_action a ON a.proposal_id = p.id AND a.contract = 'ModelFund' AND a.function_name = 'fundModel'
       LEFT JOIN LATERAL (SELECT sum(mf.amount) AS amount FROM model_funding mf
         WHERE mf.proposal_id = p.id AND mf.model_id = a.args->>'modelId') funded ON true
       LEFT JOIN LATERAL (SELECT coalesce(sum(${FEE}), 0) AS revenue FROM settlement s
         WHERE s.model_id = a.args->>'modelId' AND s.block_number < coalesce(p.executed_at_block, 2147483647)) before ON true
       LEFT JOIN LATERAL (SELECT coalesce(sum(${FEE}), 0) AS revenue FROM settlement s
         WHERE s.model_id = a.args->>'modelId' AND s.block_number >= p.executed_at_block
         HAVING p.executed_at_block IS NOT NULL) after ON true
       WHERE ${IN_RANGE('p.created_at')} AND ($3::text IS NULL OR a.args->>'modelId' = $3)
       ORDER BY p.created_at, p.id, a.index`,
      f,
    ),
}
