import { GraphQLList, GraphQLObjectType, GraphQLString } from 'graphql/index.js'
import type { ApiContext } from '../read/ApiContext'
import { loadById } from '../read/loadById'
import { readList } from '../read/readList'
import { runSql } from '../read/runSql'
import type { ApiExtension, ApiFields } from '../schema/buildApiSchema'
import { fundedModelType } from './fundedModelType'
import { hasEntities, nonNull, pageArgs } from './pageArgs'
import { proposalTallyType } from './proposalTallyType'
import { toRecords } from './toRecords'

type Row = Record<string, unknown>

/**
 * Governance fields: `proposalOverview(id)` — the proposal with its decoded actions, votes by
 * weight, the tally, and for each model a `ModelFund.fundModel` action funds: the model, the
 * datanets of its current version and its daily settlement (attribution) history.
 *
 * @example
 * buildApiSchema(text, { extensions: [governanceFields] })
 */
export const governanceFields: ApiExtension = (types): ApiFields => {
  if (
    !hasEntities(types.model, [
      'Proposal',
      'ProposalAction',
      'Vote',
      'Model',
      'ModelVersion',
      'Datanet',
      'Settlement',
    ])
  )
    return {}
  const funded = fundedModelType(types)
  const tally = proposalTallyType()
  const overview = new GraphQLObjectType<Row, ApiContext>({
    name: 'ProposalOverview',
    fields: {
      proposal: {
        type: nonNull(types.object('Proposal')),
        resolve: (r, _a, ctx, info) => loadById(ctx, info, 'Proposal', r.id as string),
      },
      actions: {
        type: nonNull(new GraphQLList(nonNull(types.object('ProposalAction')))),
        resolve: (r, _a, ctx, info) =>
          readList(
            ctx,
            info,
            'ProposalAction',
            { orderBy: [{ path: ['index'], order: 'ASC' }] },
            (c) => `${c.column('proposal')} = ${c.params.add(r.id)}`,
          ),
      },
      votes: {
        type: nonNull(new GraphQLList(nonNull(types.object('Vote')))),
        description: 'votes by voting power, largest first',
        args: pageArgs(100),
        resolve: (r, args, ctx, info) =>
          readList(
            ctx,
            info,
            'Vote',
            { ...args, orderBy: [{ path: ['weight'], order: 'DESC' }] },
            (c) => `${c.column('proposal')} = ${c.params.add(r.id)}`,
          ),
      },
      tally: { type: nonNull(tally) },
      fundedModels: { type: nonNull(new GraphQLList(nonNull(funded))) },
    },
  })
  return {
    proposalOverview: {
      type: overview,
      description: 'A proposal with decoded actions, votes and voting power, and the models it funds',
      args: { id: { type: nonNull(GraphQLString) } },
      async resolve(_s, args: { id: string }, ctx) {
        const p = await runSql(
          ctx,
          `SELECT for_votes::text, against_votes::text, abstain_votes::text, (for_votes + against_votes + abstain_votes)::text, vote_count,
             CASE WHEN for_votes + against_votes > 0 THEN (for_votes * 10000 / (for_votes + against_votes))::int END
           FROM proposal WHERE id = $1`,
          [args.id],
        )
        if (!p.length) return null
        const [tallyRow] = toRecords(p, [
          'forVotes',
          'againstVotes',
          'abstainVotes',
          'totalVotes',
          'voteCount',
          'forShareBps',
        ])
        const f = await runSql(
          ctx,
          `SELECT index, args->>'amount', args->>'modelId' FROM proposal_action
           WHERE proposal_id = $1 AND contract = 'ModelFund' AND function_name = 'fundModel' AND args ? 'modelId' ORDER BY index`,
          [args.id],
        )
        return {
          id: args.id,
          tally: tallyRow,
          fundedModels: toRecords(f, ['actionIndex', 'amount', 'modelId']),
        }
      },
    },
  }
}
