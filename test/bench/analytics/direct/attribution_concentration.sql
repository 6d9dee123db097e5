-- How concentrated each model's contributor payouts are, per time bucket: the share (ppm) of the
-- 10 best-paid contributors and the Gini coefficient (ppm) of what each contributor earned.
-- Gini = (2 * sum(i * x_i) - (n + 1) * sum(x)) / (n * sum(x)) over earnings x sorted ascending,
-- i = 1..n; computed in integers so any engine gives the same number.
-- Filters: $from <= settlement time < $to, $model, $datanet (that datanet's rewards only).
WITH per AS (
  SELECT date_trunc($bucket, s.timestamp) AS bucket, s.model_id AS model, r.contributor_id AS contributor,
    sum(r.amount) AS earned
  FROM contribution_reward r
  JOIN settlement s ON s.id = r.settlement_id
  WHERE ($from IS NULL OR s.timestamp >= $from)
    AND ($to IS NULL OR s.timestamp < $to)
    AND ($model IS NULL OR s.model_id = $model)
    AND ($datanet IS NULL OR r.datanet_id = $datanet)
  GROUP BY 1, 2, 3
),
ranked AS (
  SELECT bucket, model, earned,
    row_number() OVER (PARTITION BY bucket, model ORDER BY earned DESC, contributor) AS rank_desc,
    row_number() OVER (PARTITION BY bucket, model ORDER BY earned, contributor) AS rank_asc
  FROM per
),
agg AS (
  SELECT bucket, model, count(*) AS contributors, sum(earned) AS total,
    sum(CASE WHEN rank_desc <= 10 THEN earned ELSE 0 END) AS top10,
    sum(rank_asc * earned) AS weighted
  FROM ranked
  GROUP BY bucket, model
)
SELECT
  bucket,
  model,
  contributors,
  total,
  CAST(top10 * 1000000 // nullif(total, 0) AS BIGINT) AS top10_share_ppm,
  CAST((2 * weighted - (contributors + 1) * total) * 1000000 // nullif(contributors * total, 0) AS BIGINT) AS gini_ppm
FROM agg
ORDER BY bucket, model
