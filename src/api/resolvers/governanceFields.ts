import { GraphQLList, GraphQLObjectType, GraphQLString } from 'graphql/index.js'
import { tables } from '../../db/tables/entityTables'
import { handWrittenSql } from '../../db/tables/handWrittenSql'
import type { ApiContext } from '../read/ApiContext'
import { loadById } from '../read/loadById'
import { readList } from '../read/readList'
import { runSql } from '../read/runSql'
import type { ApiExtension, ApiFields } from '../schema/buildApiSchema'
import { entityFields } from './entityFields'
import { fundedModelType } from './fundedModelType'
import { hasEntities, nonNull, pageArgs } from './pageArgs'
import { proposalTallyType } from './proposalTallyType'
import { toRecords } from './toRecords'

type Row = Record<string, unknown>

const P = tables.proposal.columns
const PA = tables.proposalAction.columns

/** The tally of proposal `$1`: for, against, abstain, total, vote count, for share in bps. */
const PROPOSAL_TALLY_SQL = handWrittenSql(
  'api.proposalTally',
  `SELECT ${P.forVotes}::text, ${P.againstVotes}::text, ${P.abstainVotes}::text,
     (${P.forVotes} + ${P.againstVotes} + ${P.abstainVotes})::text, ${P.voteCount},
     CASE WHEN ${P.forVotes} + ${P.againstVotes} > 0 THEN (${P.forVotes} * 10000 / (${P.forVotes} + ${P.againstVotes}))::int END
   FROM ${tables.proposal.name} WHERE ${P.id} = $1`,
)

/** The `ModelFund.fundModel` actions of proposal `$1`: index, amount, model id, in action order. */
const FUNDED_MODELS_SQL = handWrittenSql(
  'api.proposalFundedModels',
  `SELECT ${PA.index}, ${PA.args}->>'amount', ${PA.args}->>'modelId' FROM ${tables.proposalAction.name}
   WHERE ${PA.proposal} = $1 AND ${PA.contract} = 'ModelFund' AND ${PA.functionName} = 'fundModel'
     AND ${PA.args} ? 'modelId' ORDER BY ${PA.index}`,
)

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
            { orderBy: [{ path: [entityFields.proposalAction.index], order: 'ASC' }] },
            (c) => `${c.column(entityFields.proposalAction.proposal)} = ${c.params.add(r.id)}`,
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
            { ...args, orderBy: [{ path: [entityFields.vote.weight], order: 'DESC' }] },
            (c) => `${c.column(entityFields.vote.proposal)} = ${c.params.add(r.id)}`,
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
        const p = await runSql(ctx, PROPOSAL_TALLY_SQL, [args.id])
        if (!p.length) return null
        const [tallyRow] = toRecords(p, [
          'forVotes',
          'againstVotes',
          'abstainVotes',
          'totalVotes',
          'voteCount',
          'forShareBps',
        ])
        const f = await runSql(ctx, FUNDED_MODELS_SQL, [args.id])
        return {
          id: args.id,
          tally: tallyRow,
          fundedModels: toRecords(f, ['actionIndex', 'amount', 'modelId']),
        }
      },
    },
  }
}
