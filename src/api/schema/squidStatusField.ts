import {
  GraphQLEnumType,
  type GraphQLFieldConfig,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
} from 'graphql/index.js'
import { processorStatusSql } from '../../db/tables/processorStatus'
import type { ApiContext } from '../read/ApiContext'
import { runSql } from '../read/runSql'
import type { HealthProvider, PartHealth } from './partHealth'
import { publicPartHealth } from './publicPartHealth'

const SquidPart = new GraphQLObjectType({
  name: 'SquidPart',
  description: 'A part of the process serving this API (not in OpenReader)',
  fields: {
    name: { type: new GraphQLNonNull(GraphQLString), description: 'indexer, auditor or devnet' },
    state: {
      type: new GraphQLNonNull(
        new GraphQLEnumType({
          name: 'SquidPartState',
          values: { running: {}, restarting: {}, down: {} },
        }),
      ),
      description: 'restarting: failed, restarted after a backoff; down: failed, not restarted',
    },
    since: { type: new GraphQLNonNull(GraphQLString), description: 'ISO time the part entered its state' },
    lastError: {
      type: GraphQLString,
      description:
        "Class name of the part's last failure (e.g. DeepReorgError); the reason is in the server's log",
    },
    restarts: { type: new GraphQLNonNull(GraphQLInt), description: 'Restarts after failures so far' },
  },
})

const SquidStatus = new GraphQLObjectType({
  name: 'SquidStatus',
  fields: {
    height: { type: GraphQLInt, description: 'The height of the last processed block' },
    hash: { type: GraphQLString, description: 'The hash of the last processed block' },
    finalizedHeight: { type: GraphQLInt, description: 'The height of the last processed finalized block' },
    finalizedHash: { type: GraphQLString, description: 'The hash of the last processed finalized block' },
    parts: {
      type: new GraphQLList(new GraphQLNonNull(SquidPart)),
      description: 'The indexer, auditor and devnet running next to this API; null when it runs alone',
    },
  },
})

/**
 * `squidStatus { height hash finalizedHeight finalizedHash }` as @subsquid/graphql-server serves
 * it (null fields before the processor has written its status), plus `parts` from `health`: which
 * part of the process is running, restarting or down, and the class name of its last error.
 *
 * @example
 * fields.squidStatus = createSquidStatusField(() => supervisor.health())
 */
export function createSquidStatusField(health?: HealthProvider): GraphQLFieldConfig<unknown, ApiContext> {
  return {
    type: SquidStatus,
    async resolve(_src, _args, ctx) {
      const all = health?.()
      const parts = all ? publicPartHealth(all) : null
      const none = { height: null, hash: null, finalizedHeight: null, finalizedHash: null, parts }
      let rows: unknown[][]
      try {
        rows = await runSql(ctx, processorStatusSql.heads, [])
      } catch (e) {
        // The processor has not created its tables yet (42P01, 3F000), or created them after the
        // API's role was granted (42501): report "no status" rather than an error.
        if (['42P01', '3F000', '42501'].includes((e as { code?: string }).code ?? '')) return none
        throw e
      }
      const r = rows[0]
      if (!r) return none
      return { finalizedHeight: Number(r[0]), finalizedHash: r[1], height: Number(r[2]), hash: r[3], parts }
    },
  }
}

/**
 * {@link createSquidStatusField} without parts (`parts` is null): the API alone.
 *
 * @example
 * fields.squidStatus = squidStatusField
 */
export const squidStatusField = createSquidStatusField()
