-- Per model and time bucket: inferences requested, inferences settled and the revenue they
-- brought (the whole fee of each settled inference, wei).
-- Filters: $from <= time < $to (request time for requests, settlement time for the rest),
-- $model, $datanet (models that paid that datanet's contributors at least once).
WITH models AS (
  SELECT m.id FROM model m
  WHERE ($model IS NULL OR m.id = $model)
    AND ($datanet IS NULL OR m.id IN (
      SELECT s.model_id FROM settlement s JOIN contribution_reward r ON r.settlement_id = s.id
      WHERE r.datanet_id = $datanet))
),
requested AS (
  SELECT date_trunc($bucket, i.requested_at) AS bucket, i.model_id AS model, count(*) AS inferences
  FROM inference i
  WHERE i.model_id IN (SELECT id FROM models)
    AND ($from IS NULL OR i.requested_at >= $from)
    AND ($to IS NULL OR i.requested_at < $to)
  GROUP BY 1, 2
),
settled AS (
  SELECT date_trunc($bucket, s.timestamp) AS bucket, s.model_id AS model, count(*) AS settled,
    sum(s.protocol_amount + s.model_owner_amount + s.stakers_amount + s.contributors_amount + s.dust) AS revenue
  FROM settlement s
  WHERE s.model_id IN (SELECT id FROM models)
    AND ($from IS NULL OR s.timestamp >= $from)
    AND ($to IS NULL OR s.timestamp < $to)
  GROUP BY 1, 2
)
SELECT
  coalesce(q.bucket, t.bucket) AS bucket,
  coalesce(q.model, t.model) AS model,
  coalesce(q.inferences, 0) AS inferences,
  coalesce(t.settled, 0) AS settled,
  coalesce(t.revenue, 0) AS revenue
FROM requested q
FULL OUTER JOIN settled t ON t.bucket = q.bucket AND t.model = q.model
ORDER BY 1, 2
