-- OPEN distributed per time bucket (a day unless $bucket says hour or week), split by recipient
-- kind: contributors, model_owners, stakers, protocol (the treasury also receives the rounding dust).
-- Filters: $from <= settlement time < $to, $model, $datanet (only settlements that paid that
-- datanet's contributions; their contributors' part then counts that datanet's rewards only).
-- Reads rollup.paid_hour (settled amounts per hour and model), or with a datanet
-- rollup.paid_datanet_hour (the same over the settlements that paid it).
WITH paid AS MATERIALIZED (
  SELECT date_trunc($bucket, p.hour) AS bucket, sum(p.protocol) AS protocol, sum(p.model_owners) AS model_owners,
    sum(p.stakers) AS stakers, sum(p.contributors) AS contributors
  FROM (
    SELECT hour, model, protocol, model_owners, stakers, contributors FROM rollup.paid_hour WHERE $datanet IS NULL
    UNION ALL
    SELECT hour, model, protocol, model_owners, stakers, contributors FROM rollup.paid_datanet_hour WHERE datanet = $datanet
  ) AS p
  WHERE ($from IS NULL OR p.hour >= CAST($from AS TIMESTAMP))
    AND ($to IS NULL OR p.hour < CAST($to AS TIMESTAMP))
    AND ($model IS NULL OR p.model = $model)
  GROUP BY 1
)
SELECT CAST(bucket AS TIMESTAMPTZ) AS bucket, kind, amount
FROM (
  SELECT bucket, 'contributors' AS kind, contributors AS amount FROM paid
  UNION ALL SELECT bucket, 'model_owners', model_owners FROM paid
  UNION ALL SELECT bucket, 'stakers', stakers FROM paid
  UNION ALL SELECT bucket, 'protocol', protocol FROM paid
) AS k
ORDER BY 1, kind
