-- OPEN distributed per time bucket (a day unless $bucket says hour or week), split by recipient
-- kind: contributors, model_owners, stakers, protocol (the treasury also receives the rounding dust).
-- Filters: $from <= settlement time < $to, $model, $datanet (only settlements that paid that
-- datanet's contributions; their contributors' part then counts that datanet's rewards only).
WITH s AS (
  SELECT
    s.id,
    date_trunc($bucket, s.timestamp) AS bucket,
    s.protocol_amount + s.dust AS protocol,
    s.model_owner_amount AS model_owners,
    s.stakers_amount AS stakers,
    s.contributors_amount AS contributors
  FROM settlement s
  WHERE ($from IS NULL OR s.timestamp >= $from)
    AND ($to IS NULL OR s.timestamp < $to)
    AND ($model IS NULL OR s.model_id = $model)
    AND ($datanet IS NULL OR s.id IN (SELECT r.settlement_id FROM contribution_reward r WHERE r.datanet_id = $datanet))
),
paid AS (
  SELECT
    s.bucket,
    s.protocol,
    s.model_owners,
    s.stakers,
    CASE WHEN $datanet IS NULL THEN s.contributors
      ELSE (SELECT sum(r.amount) FROM contribution_reward r WHERE r.settlement_id = s.id AND r.datanet_id = $datanet)
    END AS contributors
  FROM s
)
SELECT bucket, kind, sum(amount) AS amount
FROM (
  SELECT bucket, 'contributors' AS kind, contributors AS amount FROM paid
  UNION ALL SELECT bucket, 'model_owners', model_owners FROM paid
  UNION ALL SELECT bucket, 'stakers', stakers FROM paid
  UNION ALL SELECT bucket, 'protocol', protocol FROM paid
) AS k
GROUP BY bucket, kind
ORDER BY bucket, kind
