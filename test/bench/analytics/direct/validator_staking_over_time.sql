-- Validators' bonds over time: OPEN bonded, put into unbonding, withdrawn and slashed per time
-- bucket (the events' amounts, wei), with the number of events.
-- Filters: $from <= event time < $to.
SELECT
  date_trunc($bucket, e.timestamp) AS bucket,
  e.kind,
  sum(e.amount) AS amount,
  count(*) AS events
FROM validator_event e
WHERE ($from IS NULL OR e.timestamp >= $from)
  AND ($to IS NULL OR e.timestamp < $to)
GROUP BY 1, 2
ORDER BY 1, 2
