import { GraphQLInt, GraphQLObjectType } from 'graphql/index.js'
import type { ApiContext } from '../read/ApiContext'
import { BigIntScalar } from '../scalars'
import { nonNull } from './pageArgs'

type Row = Record<string, unknown>

/**
 * `ProposalTally`: a proposal's votes by support, the voting power cast and the share for, as the
 * governor counts them (abstentions count toward quorum, not toward the share).
 *
 * @example
 * const tally = proposalTallyType() // ProposalOverview.tally: ProposalTally!
 */
export function proposalTallyType(): GraphQLObjectType<Row, ApiContext> {
  return new GraphQLObjectType<Row, ApiContext>({
    name: 'ProposalTally',
    fields: {
      forVotes: { type: nonNull(BigIntScalar) },
      againstVotes: { type: nonNull(BigIntScalar) },
      abstainVotes: { type: nonNull(BigIntScalar) },
      totalVotes: { type: nonNull(BigIntScalar), description: 'voting power cast, wei of GOPEN' },
      voteCount: { type: nonNull(GraphQLInt) },
      forShareBps: {
        type: GraphQLInt,
        description: 'for / (for + against), basis points; null without votes',
      },
    },
  })
}
