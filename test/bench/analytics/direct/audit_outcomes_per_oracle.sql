-- The auditor's verdicts on each validator's (oracle's) settlements: counts of VERIFIED, MISMATCH
-- and UNVERIFIABLE reports and their rates (ppm of the validator's audited settlements).
-- Filters: $from <= settlement time < $to, $model, $datanet (settlements that paid that
-- datanet's contributions).
WITH a AS (
  SELECT s.validator_id AS validator, ar.status
  FROM audit_report ar
  JOIN settlement s ON s.inference_id = ar.inference_id
  WHERE ($from IS NULL OR s.timestamp >= $from)
    AND ($to IS NULL OR s.timestamp < $to)
    AND ($model IS NULL OR s.model_id = $model)
    AND ($datanet IS NULL OR s.id IN (SELECT r.settlement_id FROM contribution_reward r WHERE r.datanet_id = $datanet))
),
c AS (
  SELECT validator, count(*) AS audited,
    count(*) FILTER (WHERE status = 'VERIFIED') AS verified,
    count(*) FILTER (WHERE status = 'MISMATCH') AS mismatch,
    count(*) FILTER (WHERE status = 'UNVERIFIABLE') AS unverifiable
  FROM a
  GROUP BY validator
)
SELECT
  validator,
  audited,
  verified,
  mismatch,
  unverifiable,
  CAST(verified * 1000000 // audited AS BIGINT) AS verified_ppm,
  CAST(mismatch * 1000000 // audited AS BIGINT) AS mismatch_ppm,
  CAST(unverifiable * 1000000 // audited AS BIGINT) AS unverifiable_ppm
FROM c
ORDER BY validator
