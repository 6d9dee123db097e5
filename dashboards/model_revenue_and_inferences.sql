-- Per model and time bucket: inferences requested, inferences settled and the revenue they
-- brought (the whole fee of each settled inference, wei).
-- Filters: $from <= time < $to (request time for requests, settlement time for the rest),
-- $model, $datanet (models that paid that datanet's contributors at least once).
-- Reads rollup.requested_hour and rollup.paid_hour (per hour and model).
WITH models AS (
  SELECT m.id FROM model m
  WHERE ($model IS NULL OR m.id = $model)
    AND ($datanet IS NULL OR m.id IN (SELECT p.model FROM rollup.paid_datanet_hour p WHERE p.datanet = $datanet))
),
requested AS (
  SELECT date_trunc($bucket, q.hour) AS bucket, q.model, sum(q.inferences) AS inferences
  FROM rollup.requested_hour q
  WHERE q.model IN (SELECT id FROM models)
    AND ($from IS NULL OR q.hour >= CAST($from AS TIMESTAMP))
    AND ($to IS NULL OR q.hour < CAST($to AS TIMESTAMP))
  GROUP BY 1, 2
),
settled AS (
  SELECT date_trunc($bucket, p.hour) AS bucket, p.model, sum(p.settlements) AS settled, sum(p.revenue) AS revenue
  FROM rollup.paid_hour p
  WHERE p.model IN (SELECT id FROM models)
    AND ($from IS NULL OR p.hour >= CAST($from AS TIMESTAMP))
    AND ($to IS NULL OR p.hour < CAST($to AS TIMESTAMP))
  GROUP BY 1, 2
)
SELECT
  CAST(coalesce(q.bucket, t.bucket) AS TIMESTAMPTZ) AS bucket,
  coalesce(q.model, t.model) AS model,
  CAST(coalesce(q.inferences, 0) AS BIGINT) AS inferences,
  CAST(coalesce(t.settled, 0) AS BIGINT) AS settled,
  coalesce(t.revenue, 0) AS revenue
FROM requested q
FULL OUTER JOIN settled t ON t.bucket = q.bucket AND t.model = q.model
ORDER BY 1, 2
