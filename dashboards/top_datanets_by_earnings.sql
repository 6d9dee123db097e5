-- The datanets whose contributors earned the most from settlements, with their share (ppm) of
-- everything contributors earned under the same filters. Rewards of a contribution whose
-- datanet is unknown (DatanetRegistry not indexed) are left out.
-- Filters: $from <= settlement time < $to, $model, $datanet; $limit rows.
-- Without a time filter it reads the all-time totals (rollup.contributor_total, or
-- rollup.contributor_model_total for one model), else rollup.earned_hour.
WITH t AS (
  SELECT e.datanet, sum(e.amount) AS earned, sum(e.rewards) AS rewards,
    count(DISTINCT nullif(e.contributor, 0)) AS contributors
  FROM rollup.contributor_total e
  WHERE e.datanet IS NOT NULL
    AND $from IS NULL AND $to IS NULL AND $model IS NULL
    AND ($datanet IS NULL OR e.datanet = $datanet)
  GROUP BY 1
  UNION ALL
  SELECT e.datanet, sum(e.amount), sum(e.rewards), count(DISTINCT nullif(e.contributor, 0))
  FROM rollup.contributor_model_total e
  WHERE e.datanet IS NOT NULL
    AND $from IS NULL AND $to IS NULL AND e.model = $model
    AND ($datanet IS NULL OR e.datanet = $datanet)
  GROUP BY 1
  UNION ALL
  SELECT e.datanet, sum(e.amount), sum(e.rewards), count(DISTINCT nullif(e.contributor, 0))
  FROM rollup.earned_hour e
  WHERE e.datanet IS NOT NULL
    AND NOT ($from IS NULL AND $to IS NULL)
    AND ($from IS NULL OR e.hour >= CAST($from AS TIMESTAMP))
    AND ($to IS NULL OR e.hour < CAST($to AS TIMESTAMP))
    AND ($model IS NULL OR e.model = $model)
    AND ($datanet IS NULL OR e.datanet = $datanet)
  GROUP BY 1
)
SELECT
  t.datanet,
  d.name,
  t.earned,
  CAST(t.rewards AS BIGINT) AS rewards,
  t.contributors,
  CAST(t.earned * 1000000 // nullif(sum(t.earned) OVER (), 0) AS BIGINT) AS share_ppm
FROM t
LEFT JOIN datanet d ON d.id = t.datanet
ORDER BY t.earned DESC, t.datanet
LIMIT $limit
