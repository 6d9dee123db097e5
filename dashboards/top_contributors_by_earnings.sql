-- The contributors who earned the most from settlements, with their share (ppm) of everything
-- contributors earned under the same filters. Ties break by address.
-- Filters: $from <= settlement time < $to, $model, $datanet (rewards for that datanet's
-- contributions); $limit rows.
-- Without a time filter it reads the all-time totals per contributor and datanet
-- (rollup.contributor_total, or rollup.contributor_model_total for one model), else
-- rollup.earned_hour (per hour, model, datanet and contributor).
WITH t AS MATERIALIZED (
  SELECT e.contributor, sum(e.amount) AS earned, sum(e.rewards) AS rewards
  FROM rollup.contributor_total e
  WHERE $from IS NULL AND $to IS NULL AND $model IS NULL
    AND ($datanet IS NULL OR e.datanet = $datanet)
  GROUP BY 1
  UNION ALL
  SELECT e.contributor, sum(e.amount), sum(e.rewards)
  FROM rollup.contributor_model_total e
  WHERE $from IS NULL AND $to IS NULL AND e.model = $model
    AND ($datanet IS NULL OR e.datanet = $datanet)
  GROUP BY 1
  UNION ALL
  SELECT e.contributor, sum(e.amount), sum(e.rewards)
  FROM rollup.earned_hour e
  WHERE NOT ($from IS NULL AND $to IS NULL)
    AND ($from IS NULL OR e.hour >= CAST($from AS TIMESTAMP))
    AND ($to IS NULL OR e.hour < CAST($to AS TIMESTAMP))
    AND ($model IS NULL OR e.model = $model)
    AND ($datanet IS NULL OR e.datanet = $datanet)
  GROUP BY 1
),
top AS (
  SELECT c.id AS contributor, t.earned, t.rewards
  FROM t
  LEFT JOIN rollup.contributor c ON c.key = t.contributor
  ORDER BY t.earned DESC, c.id
  LIMIT $limit
)
-- The share after the top-N: HUGEINT division for $limit rows, not for every contributor.
SELECT
  contributor,
  earned,
  CAST(rewards AS BIGINT) AS rewards,
  CAST(earned * 1000000 // nullif((SELECT sum(earned) FROM t), 0) AS BIGINT) AS share_ppm
FROM top
ORDER BY earned DESC, contributor
