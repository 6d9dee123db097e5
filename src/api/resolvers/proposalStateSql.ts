import { handWrittenSql } from '../../db/tables/handWrittenSql'

/**
 * The governor's view of the proposals `p` for which `where` holds, at the indexed head, one row
 * each: `[id, state, quorum, quorumReached, head height]`. It is OZ Governor 5's `state(id)` with
 * GovernorTimelockControl, CountingSimple and VotesQuorumFraction, evaluated at the block
 * `indexer_status.height` whose timestamp (`updated_at`) is the governor's clock there:
 *
 * - EXECUTED / CANCELED: the governor's events or the timelock's own (the processor keeps `status`);
 * - PENDING while `vote_start >= clock`, ACTIVE while `vote_end >= clock`;
 * - then DEFEATED unless quorum <= for + abstain and for > against; SUCCEEDED without an eta;
 *   QUEUED with one (an operation executed or cancelled on the timelock is already EXECUTED or
 *   CANCELED above). EXPIRED exists only with GovernorTimelockCompound: never produced here.
 *
 * The quorum is `supply * numerator / 100` (rounded down, as Math.mulDiv) with the GOPEN supply
 * and the numerator of the last checkpoints at or before the snapshot (`getPastTotalSupply`,
 * `quorumNumerator(timepoint)`); it is null while the snapshot has not passed (the governor
 * refuses to look it up then) or when no numerator was indexed (the governor's deployment is
 * before the manifest's start block), and so is a state that needs it.
 *
 * @example
 * await runSql(ctx, proposalViewSql('p.id = ANY($1::text[])'), [['1', '2']])
 */
export const proposalViewSql = (where: string): string => `
WITH head AS (
  SELECT height, extract(epoch FROM updated_at)::numeric AS clock FROM indexer_status WHERE id = 'processor'
), viewed AS (
  SELECT p.id, p.status, p.vote_start, p.vote_end, p.for_votes, p.against_votes, p.abstain_votes, p.eta,
    h.height, h.clock,
    CASE WHEN p.vote_start < h.clock THEN div(
      coalesce((SELECT s.total_supply FROM votes_supply_checkpoint s WHERE s.timepoint <= p.vote_start
                ORDER BY s.timepoint DESC, s.id DESC LIMIT 1), 0)
      * (SELECT n.new_numerator FROM quorum_numerator_change n WHERE n.timepoint <= p.vote_start
         ORDER BY n.timepoint DESC, n.id DESC LIMIT 1),
      100) END AS quorum
  FROM proposal p LEFT JOIN head h ON true
  WHERE ${where}
)
SELECT id,
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
  END AS state,
  quorum::text,
  quorum <= for_votes + abstain_votes,
  height
FROM viewed`

handWrittenSql('api.proposalView', proposalViewSql('p.id = ANY($1::text[])'))
