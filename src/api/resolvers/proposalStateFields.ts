import { GraphQLBoolean, GraphQLEnumType, GraphQLInt, GraphQLList } from 'graphql/index.js'
import type { ApiContext } from '../read/ApiContext'
import { readList } from '../read/readList'
import { BigIntScalar } from '../scalars'
import type { ApiExtension, ApiFields } from '../schema/buildApiSchema'
import { entityFields } from './entityFields'
import { loadProposalView, type ProposalView } from './loadProposalView'
import { checkPage, hasEntities, nonNull, pageArgs } from './pageArgs'
import { proposalViewSql } from './proposalStateSql'

type Row = Record<string, unknown>

/**
 * The governor's ProposalState names, in IGovernor's order (index = the enum's uint8).
 *
 * @example
 * PROPOSAL_STATES[await governor.read.state([id])] // 'DEFEATED'
 */
export const PROPOSAL_STATES = [
  'PENDING',
  'ACTIVE',
  'CANCELED',
  'DEFEATED',
  'SUCCEEDED',
  'QUEUED',
  'EXPIRED',
  'EXECUTED',
] as const

/**
 * Governor fields on `Proposal`, computed at query time at the indexed head: `state` (equal to
 * `governor.state(id)` at block `stateAtBlock`), `quorum` at the snapshot and `quorumReached`.
 * Computed, not stored: Active, Defeated, Succeeded follow from the clock passing voteStart and
 * voteEnd, which no event announces; the head's block time moves them exactly when the indexed
 * head moves, with no per-block work in the processor and no row to keep current.
 *
 * @example
 * buildApiSchema(text, { extensions: [proposalStateFields] }) // { proposals { id state quorum } }
 */
export const proposalStateFields: ApiExtension = (types): ApiFields => {
  if (
    !hasEntities(types.model, ['Proposal', 'VotesSupplyCheckpoint', 'QuorumNumeratorChange', 'IndexerStatus'])
  )
    return {}
  const state = new GraphQLEnumType({
    name: 'ProposalState',
    description:
      "The governor's proposal state (OZ Governor 5). EXPIRED belongs to GovernorTimelockCompound and never occurs with OpenLedger's timelock",
    values: Object.fromEntries(PROPOSAL_STATES.map((v) => [v, { value: v }])),
  })
  const field = <K extends keyof ProposalView>(key: K) => ({
    resolve: async (r: Row, _a: unknown, ctx: ApiContext) =>
      (await loadProposalView(ctx, r.id as string))?.[key] ?? null,
  })
  types.extend('Proposal', () => ({
    state: {
      type: state,
      description:
        'governor.state(id) at the indexed head (block stateAtBlock); null when it needs a quorum the indexer cannot know (governor deployed before the manifest start block)',
      ...field('state'),
    },
    stateAtBlock: {
      type: GraphQLInt,
      description: 'the indexed head the state is computed at',
      ...field('height'),
    },
    quorum: {
      type: BigIntScalar,
      description:
        'votes needed at the snapshot (GOPEN supply there × quorum numerator / 100), wei; null until the snapshot has passed',
      ...field('quorum'),
    },
    quorumReached: {
      type: GraphQLBoolean,
      description: 'forVotes + abstainVotes >= quorum; null while the quorum is',
      ...field('quorumReached'),
    },
  }))
  return {
    proposalsByState: {
      type: nonNull(new GraphQLList(nonNull(types.object('Proposal')))),
      description:
        "Proposals whose governor state at the indexed head is one of `states` (e.g. [ACTIVE] for a voter's open ballots), newest first",
      args: { states: { type: nonNull(new GraphQLList(nonNull(state))) }, ...pageArgs(50) },
      resolve: (_s, args: { states: string[]; limit?: number; offset?: number }, ctx, info) => {
        checkPage(args, ctx.limits)
        return readList(
          ctx,
          info,
          'Proposal',
          {
            limit: args.limit,
            offset: args.offset,
            orderBy: [
              { path: [entityFields.proposal.createdAtBlock], order: 'DESC' },
              { path: [entityFields.proposal.id], order: 'DESC' },
            ],
          },
          (c) =>
            `${c.column(entityFields.proposal.id)} IN (SELECT v.id FROM (${proposalViewSql('true')}) AS v WHERE v.state = ANY(${c.params.add(args.states)}::text[]))`,
        )
      },
    },
  }
}
