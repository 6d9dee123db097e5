import { GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLString } from 'graphql/index.js'
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
const BRANCHES: Branch[] = [
  {
    entity: 'Contribution',
    block: 'submitted_at_block',
    account: 'contributor_id',
    sql: `SELECT 'CONTRIBUTION', id, submitted_at_block, submitted_at, tx_hash, contributor_id, size, 'contribution ' || id || ' to datanet ' || COALESCE(datanet_id, '?') FROM contribution`,
  },
  {
    entity: 'Inference',
    block: 'requested_at_block',
    account: 'caller_id',
    sql: `SELECT 'INFERENCE', id, requested_at_block, requested_at, request_tx, caller_id, fee, 'inference ' || id || ' on model ' || model_id FROM inference`,
  },
  {
    entity: 'Settlement',
    block: 'block_number',
    account: 'validator_id',
    sql: `SELECT 'SETTLEMENT', id, block_number, timestamp, tx_hash, validator_id, contributors_amount, 'settlement of inference ' || inference_id FROM settlement`,
  },
  {
    entity: 'TokenTransfer',
    block: 'block_number',
    account: 'from_id',
    sql: `SELECT 'TRANSFER', id, block_number, timestamp, tx_hash, from_id, amount, token || ' transfer to ' || to_id FROM token_transfer`,
  },
  {
    entity: 'Proposal',
    block: 'created_at_block',
    account: 'proposer_id',
    sql: `SELECT 'PROPOSAL', id, created_at_block, created_at, tx_hash, proposer_id, NULL::numeric, 'proposal ' || left(description, 80) FROM proposal`,
  },
  {
    entity: 'Vote',
    block: 'block_number',
    account: 'voter_id',
    sql: `SELECT 'VOTE', id, block_number, NULL::timestamptz, tx_hash, voter_id, weight, 'vote ' || (ARRAY['against','for','abstain'])[support + 1] || ' on proposal ' || proposal_id FROM vote`,
  },
  {
    entity: 'ModelFunding',
    block: 'block_number',
    account: 'recipient_id',
    sql: `SELECT 'FUNDING', id, block_number, timestamp, tx_hash, recipient_id, amount, 'funding of model ' || model_id FROM model_funding`,
  },
]

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
        const parts = branches.map(
          (
            b,
          ) => `(${b.sql} WHERE ($1::int IS NULL OR ${b.block} < $1) AND ($2::text IS NULL OR ${b.account} = $2)
             AND ${b.block} IS NOT NULL ORDER BY ${b.block} DESC LIMIT ${limit})`,
        )
        const sql = `SELECT k, id, block::int, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), tx, account, amount::text, summary
          FROM (${parts.join(' UNION ALL ')}) AS a(k, id, block, ts, tx, account, amount, summary)
          ORDER BY block DESC, k, id LIMIT ${limit}`
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
