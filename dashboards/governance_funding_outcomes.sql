-- Each governance proposal that funds a model (a ModelFund.fundModel action): the amount asked,
-- the proposal's outcome, the amount the model received in the executing block, and the model's
-- revenue (whole fees of its settled inferences, wei) before and after that block. Before
-- execution (or without one) all revenue counts as before and revenue_after is null.
-- The amount asked stays the decimal text the action carries: a proposal may ask for any uint256.
-- Filters: $from <= proposal creation < $to, $model (the funded model).
WITH asks AS (
  SELECT
    p.id AS proposal,
    a.index AS action_index,
    json_extract_string(a.args, '$.modelId') AS model,
    json_extract_string(a.args, '$.amount') AS amount_asked,
    p.status AS outcome,
    p.created_at,
    p.executed_at_block
  FROM proposal_action a
  JOIN proposal p ON p.id = a.proposal_id
  WHERE a.contract = 'ModelFund' AND a.function_name = 'fundModel'
    AND ($from IS NULL OR p.created_at >= $from)
    AND ($to IS NULL OR p.created_at < $to)
)
SELECT
  q.proposal,
  q.action_index,
  q.model,
  q.amount_asked,
  q.outcome,
  q.created_at,
  q.executed_at_block,
  (SELECT sum(f.amount) FROM model_funding f
    WHERE f.model_id = q.model AND f.block_number = q.executed_at_block) AS amount_funded,
  (SELECT coalesce(sum(s.protocol_amount + s.model_owner_amount + s.stakers_amount + s.contributors_amount + s.dust), 0)
    FROM settlement s
    WHERE s.model_id = q.model AND (q.executed_at_block IS NULL OR s.block_number < q.executed_at_block)) AS revenue_before,
  CASE WHEN q.executed_at_block IS NOT NULL THEN
    (SELECT coalesce(sum(s.protocol_amount + s.model_owner_amount + s.stakers_amount + s.contributors_amount + s.dust), 0)
      FROM settlement s
      WHERE s.model_id = q.model AND s.block_number >= q.executed_at_block)
  END AS revenue_after
FROM asks q
WHERE ($model IS NULL OR q.model = $model)
ORDER BY q.created_at, q.proposal, q.action_index
