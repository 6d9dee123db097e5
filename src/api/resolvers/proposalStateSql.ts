import { tables } from '../../db/tables/entityTables'
import { handWrittenSql } from '../../db/tables/handWrittenSql'

const P = tables.proposal.columns
const H = tables.indexerStatus.columns
const VS = tables.votesSupplyCheckpoint.columns
const QN = tables.quorumNumeratorChange.columns

/**
 * OZ Governor 5's `state(id)` as one SQL expression over a row with `status`, `vote_start`,
 * `vote_end`, `for_votes`, `against_votes`, `abstain_votes`, `eta`, `quorum` and `clock` (the
 * governor's clock at the head). PostgreSQL's proposal view below and DuckDB's governance
 * dashboard (`dashboards/governance_funding_outcomes.sql`, a plain SQL file) both use exactly this
 * text; a test fails when they drift apart.
 *
 * @example
 * `SELECT ${PROPOSAL_STATE_CASE} AS state FROM viewed`
 */
export const PROPOSAL_STATE_CASE = `CASE
    WHEN status = 'EXECUTED' THEN 'EXECUTED'
    WHEN status = 'CANCELED' THEN 'CANCELED'
    WHEN clock IS NULL THEN NULL
    WHEN vote_start >= clock THEN 'PENDING'
    WHEN vote_end >= clock THEN 'ACTIVE'
    WHEN quorum IS NULL THEN NULL
    WHEN quorum > for_votes + abstain_votes OR for_votes <= against_votes THEN 'DEFEATED'
    WHEN eta IS NULL OR eta = 0 THEN 'SUCCEEDED'
    ELSE 'QUEUED'
  END`

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
  SELECT ${H.height} AS height, extract(epoch FROM ${H.updatedAt})::numeric AS clock
    FROM ${tables.indexerStatus.name} WHERE ${H.id} = 'processor'
), viewed AS (
  SELECT p.${P.id} AS id, p.${P.status} AS status, p.${P.voteStart} AS vote_start, p.${P.voteEnd} AS vote_end,
    p.${P.forVotes} AS for_votes, p.${P.againstVotes} AS against_votes, p.${P.abstainVotes} AS abstain_votes, p.${P.eta} AS eta,
    h.height, h.clock,
    CASE WHEN p.${P.voteStart} < h.clock THEN div(
      coalesce((SELECT s.${VS.totalSupply} FROM ${tables.votesSupplyCheckpoint.name} s WHERE s.${VS.timepoint} <= p.${P.voteStart}
                ORDER BY s.${VS.timepoint} DESC, s.${VS.id} DESC LIMIT 1), 0)
      * (SELECT n.${QN.newNumerator} FROM ${tables.quorumNumeratorChange.name} n WHERE n.${QN.timepoint} <= p.${P.voteStart}
         ORDER BY n.${QN.timepoint} DESC, n.${QN.id} DESC LIMIT 1),
      100) END AS quorum
  FROM ${tables.proposal.name} p LEFT JOIN head h ON true
  WHERE ${where}
)
SELECT id,
  ${PROPOSAL_STATE_CASE} AS state,
  quorum::text,
  quorum <= for_votes + abstain_votes,
  height
FROM viewed`

/**
 * The governor's view of the proposals `$1` (ids), as {@link proposalViewSql} describes it.
 *
 * @example
 * await runSql(ctx, PROPOSAL_VIEW_BY_IDS_SQL, [['1', '2']])
 */
export const PROPOSAL_VIEW_BY_IDS_SQL = handWrittenSql(
  'api.proposalView',
  proposalViewSql(`p.${P.id} = ANY($1::text[])`),
)
