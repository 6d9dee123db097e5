import { GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLString } from 'graphql/index.js'
import type { ApiContext } from '../read/ApiContext'
import { loadById } from '../read/loadById'
import { readList } from '../read/readList'
import { runSql } from '../read/runSql'
import { BigIntScalar, DateTimeScalar } from '../scalars'
import type { ApiExtension, ApiFields } from '../schema/buildApiSchema'
import { toRecords } from './auditFields'
import { checkPage, hasEntities, nonNull, pageArgs } from './pageArgs'

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
  const day = new GraphQLObjectType<Row, ApiContext>({
    name: 'ModelAttributionDay',
    fields: {
      day: { type: nonNull(DateTimeScalar) },
      settlements: { type: nonNull(GraphQLInt) },
      fees: { type: nonNull(BigIntScalar), description: 'inference fees settled, wei' },
      contributorRewards: {
        type: nonNull(BigIntScalar),
        description: 'paid to data contributors by attribution, wei',
      },
      ownerRevenue: { type: nonNull(BigIntScalar) },
    },
  })
  const funded = new GraphQLObjectType<Row, ApiContext>({
    name: 'FundedModel',
    fields: {
      actionIndex: { type: nonNull(GraphQLInt) },
      amount: { type: BigIntScalar, description: 'amount the action grants, wei' },
      modelId: { type: nonNull(GraphQLString) },
      model: {
        type: types.object('Model'),
        resolve: (r, _a, ctx, info) => loadById(ctx, info, 'Model', r.modelId as string),
      },
      datanets: {
        type: nonNull(new GraphQLList(nonNull(types.object('Datanet')))),
        description: "datanets the model's current version was trained on",
        resolve: (r, _a, ctx, info) =>
          readList(
            ctx,
            info,
            'Datanet',
            { orderBy: [{ path: ['id'], order: 'ASC' }] },
            (c) =>
              `${c.column('id')} IN (SELECT unnest(mv.datanet_ids) FROM (SELECT datanet_ids FROM model_version
              WHERE model_id = ${c.params.add(r.modelId)} ORDER BY version DESC LIMIT 1) AS mv)`,
          ),
      },
      attributionHistory: {
        type: nonNull(new GraphQLList(nonNull(day))),
        description: 'settlements of the model per UTC day, latest first',
        args: pageArgs(30),
        resolve: async (r, args, ctx) => {
          const { limit, offset } = checkPage(args, ctx.limits)
          const rows = await runSql(
            ctx,
            `SELECT to_char(date_trunc('day', timestamp AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS d, count(*)::int,
               sum(protocol_amount + model_owner_amount + stakers_amount + contributors_amount + dust)::text,
               sum(contributors_amount)::text, sum(model_owner_amount)::text
             FROM settlement WHERE model_id = $1 GROUP BY 1 ORDER BY 1 DESC LIMIT ${limit} OFFSET ${offset}`,
            [r.modelId],
          )
          return toRecords(rows, ['day', 'settlements', 'fees', 'contributorRewards', 'ownerRevenue'])
        },
      },
    },
  })
  const tally = new GraphQLObjectType<Row, ApiContext>({
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
