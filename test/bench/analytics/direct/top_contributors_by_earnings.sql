-- The contributors who earned the most from settlements, with their share (ppm) of everything
-- contributors earned under the same filters. Ties break by address.
-- Filters: $from <= settlement time < $to, $model, $datanet (rewards for that datanet's
-- contributions); $limit rows.
WITH r AS (
  SELECT r.contributor_id AS contributor, r.amount
  FROM contribution_reward r
  JOIN settlement s ON s.id = r.settlement_id
  WHERE ($from IS NULL OR s.timestamp >= $from)
    AND ($to IS NULL OR s.timestamp < $to)
    AND ($model IS NULL OR s.model_id = $model)
    AND ($datanet IS NULL OR r.datanet_id = $datanet)
),
t AS (
  SELECT contributor, sum(amount) AS earned, count(*) AS rewards FROM r GROUP BY contributor
)
SELECT
  contributor,
  earned,
  rewards,
  CAST(earned * 1000000 // nullif(sum(earned) OVER (), 0) AS BIGINT) AS share_ppm
FROM t
ORDER BY earned DESC, contributor
LIMIT $limit
