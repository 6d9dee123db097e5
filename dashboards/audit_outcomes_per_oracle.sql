-- The auditor's verdicts on each validator's (oracle's) settlements: counts of VERIFIED, MISMATCH
-- and UNVERIFIABLE reports and their rates (ppm of the validator's audited settlements).
-- Filters: $from <= settlement time < $to, $model, $datanet (settlements that paid that
-- datanet's contributions).
-- Reads rollup.audit_hour (per settlement hour, model and validator), or with a datanet
-- rollup.audit_datanet_hour (the same over the settlements that paid it).
WITH c AS (
  SELECT a.validator, sum(a.audited) AS audited, sum(a.verified) AS verified, sum(a.mismatch) AS mismatch,
    sum(a.unverifiable) AS unverifiable
  FROM (
    SELECT hour, model, validator, audited, verified, mismatch, unverifiable FROM rollup.audit_hour WHERE $datanet IS NULL
    UNION ALL
    SELECT hour, model, validator, audited, verified, mismatch, unverifiable FROM rollup.audit_datanet_hour
    WHERE datanet = $datanet
  ) AS a
  WHERE ($from IS NULL OR a.hour >= CAST($from AS TIMESTAMP))
    AND ($to IS NULL OR a.hour < CAST($to AS TIMESTAMP))
    AND ($model IS NULL OR a.model = $model)
  GROUP BY a.validator
)
SELECT
  validator,
  CAST(audited AS BIGINT) AS audited,
  CAST(verified AS BIGINT) AS verified,
  CAST(mismatch AS BIGINT) AS mismatch,
  CAST(unverifiable AS BIGINT) AS unverifiable,
  CAST(verified * 1000000 // audited AS BIGINT) AS verified_ppm,
  CAST(mismatch * 1000000 // audited AS BIGINT) AS mismatch_ppm,
  CAST(unverifiable * 1000000 // audited AS BIGINT) AS unverifiable_ppm
FROM c
ORDER BY validator
