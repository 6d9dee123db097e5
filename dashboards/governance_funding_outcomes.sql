-- Each governance proposal that funds a model (a ModelFund.fundModel action): the amount asked,
-- the proposal's outcome (the governor's state at the indexed head, the same CASE text as the API's Proposal.state:
-- PROPOSAL_STATE_CASE in src/api/resolvers/proposalStateSql.ts, a test keeps them equal; null where the quorum is unknown), the amount its
-- execution paid the model (ModelFunding linked to the proposal), and the model's
-- revenue (whole fees of its settled inferences, wei) before and after that block. Before
-- execution (or without one) all revenue counts as before and revenue_after is null.
-- The amount asked stays the decimal text the action carries: a proposal may ask for any uint256.
-- Filters: $from <= proposal creation < $to, $model (the funded model).
-- Revenue reads rollup.revenue_block (per model and block).
WITH head AS (
  SELECT height, epoch_ms(updated_at) / 1000.0 AS clock FROM indexer_status WHERE id = 'processor'
), viewed AS (
  SELECT p.*, h.clock,
    CASE WHEN p.vote_start < h.clock THEN (
      coalesce((SELECT s.total_supply FROM votes_supply_checkpoint s WHERE s.timepoint <= p.vote_start
                ORDER BY s.timepoint DESC, s.id DESC LIMIT 1), 0)
      * (SELECT n.new_numerator FROM quorum_numerator_change n WHERE n.timepoint <= p.vote_start
         ORDER BY n.timepoint DESC, n.id DESC LIMIT 1)) // 100 END AS quorum
  FROM proposal p LEFT JOIN head h ON true
), stated AS (
  SELECT *,
    CASE
      WHEN status = 'EXECUTED' THEN 'EXECUTED'
      WHEN status = 'CANCELED' THEN 'CANCELED'
      WHEN clock IS NULL THEN NULL
      WHEN vote_start >= clock THEN 'PENDING'
      WHEN vote_end >= clock THEN 'ACTIVE'
      WHEN quorum IS NULL THEN NULL
      WHEN quorum > for_votes + abstain_votes OR for_votes <= against_votes THEN 'DEFEATED'
      WHEN eta IS NULL OR eta = 0 THEN 'SUCCEEDED'
      ELSE 'QUEUED'
    END AS state
  FROM viewed
), asks AS (
  SELECT
    p.id AS proposal,
    a.index AS action_index,
    json_extract_string(a.args, '$.modelId') AS model,
    json_extract_string(a.args, '$.amount') AS amount_asked,
    p.state AS outcome,
    p.created_at,
    p.executed_at_block
  FROM proposal_action a
  JOIN stated p ON p.id = a.proposal_id
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
    WHERE f.proposal_id = q.proposal AND f.model_id = q.model) AS amount_funded,
  (SELECT coalesce(sum(b.revenue), 0) FROM rollup.revenue_block b
    WHERE b.model = q.model AND (q.executed_at_block IS NULL OR b.block < q.executed_at_block)) AS revenue_before,
  CASE WHEN q.executed_at_block IS NOT NULL THEN
    (SELECT coalesce(sum(b.revenue), 0) FROM rollup.revenue_block b
      WHERE b.model = q.model AND b.block >= q.executed_at_block)
  END AS revenue_after
FROM asks q
WHERE ($model IS NULL OR q.model = $model)
ORDER BY q.created_at, q.proposal, q.action_index
