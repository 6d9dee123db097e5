import { GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLString } from 'graphql/index.js'
import { tables } from '../../db/tables/entityTables'
import { handWrittenSql } from '../../db/tables/handWrittenSql'
import type { ApiContext } from '../read/ApiContext'
import { charge } from '../read/ApiContext'
import { runSql } from '../read/runSql'
import { BigIntScalar, DateTimeScalar } from '../scalars'
import type { ApiFields } from '../schema/buildApiSchema'
import type { EntityTypes } from '../schema/EntityTypes'
import { checkPage, nonNull } from './pageArgs'
import { toRecords } from './toRecords'

type Row = Record<string, unknown>

/** One branch of the activity feed: a table's events as (kind, id, block, time, tx, account, amount, summary). */
type Branch = { entity: string; sql: string; account: string; block: string }

const CO = tables.contribution.columns
const IN = tables.inference.columns
const SE = tables.settlement.columns
const TT = tables.tokenTransfer.columns
const PR = tables.proposal.columns
const VO = tables.vote.columns
const MF = tables.modelFunding.columns

const BRANCHES: Branch[] = [
  {
    entity: 'Contribution',
    block: CO.submittedAtBlock,
    account: CO.contributor,
    sql: `SELECT 'CONTRIBUTION', ${CO.id}, ${CO.submittedAtBlock}, ${CO.submittedAt}, ${CO.txHash}, ${CO.contributor}, ${CO.size}, 'contribution ' || ${CO.id} || ' to datanet ' || COALESCE(${CO.datanet}, '?') FROM ${tables.contribution.name}`,
  },
  {
    entity: 'Inference',
    block: IN.requestedAtBlock,
    account: IN.caller,
    sql: `SELECT 'INFERENCE', ${IN.id}, ${IN.requestedAtBlock}, ${IN.requestedAt}, ${IN.requestTx}, ${IN.caller}, ${IN.fee}, 'inference ' || ${IN.id} || ' on model ' || ${IN.model} FROM ${tables.inference.name}`,
  },
  {
    entity: 'Settlement',
    block: SE.blockNumber,
    account: SE.validator,
    sql: `SELECT 'SETTLEMENT', ${SE.id}, ${SE.blockNumber}, ${SE.timestamp}, ${SE.txHash}, ${SE.validator}, ${SE.contributorsAmount}, 'settlement of inference ' || ${SE.inference} FROM ${tables.settlement.name}`,
  },
  {
    entity: 'TokenTransfer',
    block: TT.blockNumber,
    account: TT.from,
    sql: `SELECT 'TRANSFER', ${TT.id}, ${TT.blockNumber}, ${TT.timestamp}, ${TT.txHash}, ${TT.from}, ${TT.amount}, ${TT.token} || ' transfer to ' || ${TT.to} FROM ${tables.tokenTransfer.name}`,
  },
  {
    entity: 'Proposal',
    block: PR.createdAtBlock,
    account: PR.proposer,
    sql: `SELECT 'PROPOSAL', ${PR.id}, ${PR.createdAtBlock}, ${PR.createdAt}, ${PR.txHash}, ${PR.proposer}, NULL::numeric, 'proposal ' || left(${PR.description}, 80) FROM ${tables.proposal.name}`,
  },
  {
    entity: 'Vote',
    block: VO.blockNumber,
    account: VO.voter,
    sql: `SELECT 'VOTE', ${VO.id}, ${VO.blockNumber}, NULL::timestamptz, ${VO.txHash}, ${VO.voter}, ${VO.weight}, 'vote ' || (ARRAY['against','for','abstain'])[${VO.support} + 1] || ' on proposal ' || ${VO.proposal} FROM ${tables.vote.name}`,
  },
  {
    entity: 'ModelFunding',
    block: MF.blockNumber,
    account: MF.recipient,
    sql: `SELECT 'FUNDING', ${MF.id}, ${MF.blockNumber}, ${MF.timestamp}, ${MF.txHash}, ${MF.recipient}, ${MF.amount}, 'funding of model ' || ${MF.model} FROM ${tables.modelFunding.name}`,
  },
]

/**
 * The feed over `branches`, newest first, `limit` rows: `$1` only blocks below it (or null), `$2`
 * only events by this account (or null).
 */
function activitySql(branches: readonly Branch[], limit: number): string {
  const parts = branches.map(
    (b) => `(${b.sql} WHERE ($1::int IS NULL OR ${b.block} < $1) AND ($2::text IS NULL OR ${b.account} = $2)
             AND ${b.block} IS NOT NULL ORDER BY ${b.block} DESC LIMIT ${limit})`,
  )
  return `SELECT k, id, block::int, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), tx, account, amount::text, summary
          FROM (${parts.join(' UNION ALL ')}) AS a(k, id, block, ts, tx, account, amount, summary)
          ORDER BY block DESC, k, id LIMIT ${limit}`
}

handWrittenSql('api.activity', activitySql(BRANCHES, 50))

/**
 * `activity`: the latest events across the indexed tables (contributions, inferences,
 * settlements, transfers, proposals, votes, fundings), each table read newest-first with its own
 * LIMIT before merging, so the feed costs `limit` rows per table whatever the tables' sizes.
 *
 * @example
 * const fields = { ...activityField(types) } // { activity(limit: 20) { kind id summary } }
 */
export function activityField(types: EntityTypes): ApiFields {
  const item = new GraphQLObjectType<Row, ApiContext>({
    name: 'ActivityItem',
    fields: {
      kind: {
        type: nonNull(GraphQLString),
        description: 'CONTRIBUTION, INFERENCE, SETTLEMENT, TRANSFER, PROPOSAL, VOTE, FUNDING',
      },
      id: { type: nonNull(GraphQLString), description: 'id of the entity of that kind' },
      blockNumber: { type: nonNull(GraphQLInt) },
      timestamp: { type: DateTimeScalar },
      txHash: { type: GraphQLString },
      account: {
        type: GraphQLString,
        description: 'the acting account (contributor, caller, validator, sender, voter...)',
      },
      amount: { type: BigIntScalar, description: 'size, fee, payout, amount or voting weight, by kind' },
      summary: { type: nonNull(GraphQLString) },
    },
  })
  const branches = BRANCHES.filter((b) => b.entity in types.model.entities)
  return {
    activity: {
      type: nonNull(new GraphQLList(nonNull(item))),
      description: 'Latest events across datanets, models, inference, tokens and governance, newest first',
      args: {
        limit: { type: GraphQLInt, defaultValue: 50 },
        beforeBlock: { type: GraphQLInt, description: 'only events in blocks below this one (paging)' },
        account: { type: GraphQLString, description: 'only events by this address' },
      },
      async resolve(_s, args: { limit: number; beforeBlock?: number | null; account?: string | null }, ctx) {
        const { limit } = checkPage(args, ctx.limits)
        charge(ctx, limit * branches.length)
        const params: unknown[] = [args.beforeBlock ?? null, args.account?.toLowerCase() ?? null]
        const sql = activitySql(branches, limit)
        return toRecords(await runSql(ctx, sql, params), [
          'kind',
          'id',
          'blockNumber',
          'timestamp',
          'txHash',
          'account',
          'amount',
          'summary',
        ])
      },
    },
  }
}
