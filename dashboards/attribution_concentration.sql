-- How concentrated each model's contributor payouts are, per time bucket: the share (ppm) of the
-- 10 best-paid contributors and the Gini coefficient (ppm) of what each contributor earned.
-- Gini = (2 * sum(i * x_i) - (n + 1) * sum(x)) / (n * sum(x)) over earnings x sorted ascending,
-- i = 1..n; computed in integers so any engine gives the same number.
-- Filters: $from <= settlement time < $to, $model, $datanet (that datanet's rewards only).
-- Days and weeks wholly inside the range come precomputed from rollup.concentration; hours, and
-- the part of a day or week the range cuts, are ranked here from rollup.earned_hour.
WITH edge AS (
  -- hour buckets: the whole range
  SELECT e.hour, e.model, e.contributor, e.amount FROM rollup.earned_hour e
  WHERE $bucket = 'hour'
    AND ($from IS NULL OR e.hour >= CAST($from AS TIMESTAMP))
    AND ($to IS NULL OR e.hour < CAST($to AS TIMESTAMP))
    AND ($model IS NULL OR e.model = $model)
    AND ($datanet IS NULL OR e.datanet = $datanet)
  UNION ALL
  -- from $from to the end of its bucket (empty when $from starts a bucket)
  SELECT e.hour, e.model, e.contributor, e.amount FROM rollup.earned_hour e
  WHERE $bucket <> 'hour' AND $from IS NOT NULL
    AND e.hour >= CAST($from AS TIMESTAMP)
    AND e.hour < least(
      date_trunc($bucket, CAST($from AS TIMESTAMP))
        + CASE WHEN date_trunc($bucket, CAST($from AS TIMESTAMP)) = CAST($from AS TIMESTAMP) THEN INTERVAL 0 SECOND
          ELSE CAST('1 ' || $bucket AS INTERVAL) END,
      coalesce(CAST($to AS TIMESTAMP), TIMESTAMP 'infinity'))
    AND ($model IS NULL OR e.model = $model)
    AND ($datanet IS NULL OR e.datanet = $datanet)
  UNION ALL
  -- from the start of $to's bucket (or the end of $from's) to $to
  SELECT e.hour, e.model, e.contributor, e.amount FROM rollup.earned_hour e
  WHERE $bucket <> 'hour' AND $to IS NOT NULL
    AND e.hour >= greatest(
      date_trunc($bucket, CAST($to AS TIMESTAMP)),
      coalesce(date_trunc($bucket, CAST($from AS TIMESTAMP))
        + CASE WHEN date_trunc($bucket, CAST($from AS TIMESTAMP)) = CAST($from AS TIMESTAMP) THEN INTERVAL 0 SECOND
          ELSE CAST('1 ' || $bucket AS INTERVAL) END, TIMESTAMP '-infinity'))
    AND e.hour < CAST($to AS TIMESTAMP)
    AND ($model IS NULL OR e.model = $model)
    AND ($datanet IS NULL OR e.datanet = $datanet)
),
per AS (
  SELECT date_trunc($bucket, hour) AS bucket, model, contributor, sum(amount) AS earned
  FROM edge
  GROUP BY 1, 2, 3
),
-- Each bucket's earnings as one sorted list: Σ i * x_i over it and the sum of its 10 largest;
-- overflowed amounts (NULL) are left out of both, as sum() leaves them out.
sorted AS (
  SELECT bucket, model, count(*) AS contributors,
    list_filter(list_sort(list(earned)), lambda v: v IS NOT NULL) AS x
  FROM per
  GROUP BY bucket, model
),
agg AS (
  SELECT bucket, model, contributors, list_sum(x) AS total, coalesce(list_sum(x[-10:]), 0) AS top10,
    list_sum(list_transform(x, lambda v, i: v * i)) AS weighted
  FROM sorted
  UNION ALL
  SELECT c.bucket, c.model, c.contributors, c.total, c.top10, c.weighted
  FROM rollup.concentration c
  WHERE c.kind = $bucket
    AND c.datanet IS NOT DISTINCT FROM $datanet
    AND ($model IS NULL OR c.model = $model)
    AND ($from IS NULL OR c.bucket >= CAST($from AS TIMESTAMP))
    AND ($to IS NULL OR c.bucket + CAST('1 ' || $bucket AS INTERVAL) <= CAST($to AS TIMESTAMP))
)
SELECT
  CAST(bucket AS TIMESTAMPTZ) AS bucket,
  model,
  CAST(contributors AS BIGINT) AS contributors,
  total,
  CAST(top10 * 1000000 // nullif(total, 0) AS BIGINT) AS top10_share_ppm,
  CAST((2 * weighted - (contributors + 1) * total) * 1000000 // nullif(contributors * total, 0) AS BIGINT) AS gini_ppm
FROM agg
ORDER BY bucket, model
