-- The datanets whose contributors earned the most from settlements, with their share (ppm) of
-- everything contributors earned under the same filters. Rewards of a contribution whose
-- datanet is unknown (DatanetRegistry not indexed) are left out.
-- Filters: $from <= settlement time < $to, $model, $datanet; $limit rows.
WITH t AS (
  SELECT r.datanet_id AS datanet, sum(r.amount) AS earned, count(*) AS rewards,
    count(DISTINCT r.contributor_id) AS contributors
  FROM contribution_reward r
  JOIN settlement s ON s.id = r.settlement_id
  WHERE r.datanet_id IS NOT NULL
    AND ($from IS NULL OR s.timestamp >= $from)
    AND ($to IS NULL OR s.timestamp < $to)
    AND ($model IS NULL OR s.model_id = $model)
    AND ($datanet IS NULL OR r.datanet_id = $datanet)
  GROUP BY r.datanet_id
)
SELECT
  t.datanet,
  d.name,
  t.earned,
  t.rewards,
  t.contributors,
  CAST(t.earned * 1000000 // nullif(sum(t.earned) OVER (), 0) AS BIGINT) AS share_ppm
FROM t
LEFT JOIN datanet d ON d.id = t.datanet
ORDER BY t.earned DESC, t.datanet
LIMIT $limit
