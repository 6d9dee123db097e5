import type http from 'node:http'
import { ApolloServer } from '@apollo/server'
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled'
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer'
import type { GraphQLSchema } from 'graphql/index.js'
import type { ApiContext } from '../read/ApiContext'
import type { ApiMetrics } from './apiMetrics'
import { armorProtection } from './armorProtection'
import { formatApiError } from './formatApiError'
import { inputValueLimit } from './inputValueLimit'
import type { ApiLimits } from './limits'

/**
 * The Apollo server of `/graphql` with every query limit in place before any resolver runs (depth,
 * aliases, cost, tokens by armor; input values), metrics, no landing page or cache-control hooks,
 * and a drain of `httpServer` on stop. Not started.
 *
 * @example
 * const apollo = createApolloServer(schema, { limits, metrics, httpServer, introspection: true })
 * await apollo.start()
 */
export function createApolloServer(
  schema: GraphQLSchema,
  opts: { limits: ApiLimits; metrics: ApiMetrics; httpServer: http.Server; introspection: boolean },
): ApolloServer<ApiContext> {
  const armor = armorProtection(opts.limits)
  return new ApolloServer<ApiContext>({
    schema,
    introspection: opts.introspection,
    // Apollo would otherwise re-raise SIGINT/SIGTERM and end the process before the caller stops
    // the indexer, the auditor, PostgreSQL and anvil: the caller owns shutdown.
    stopOnTerminationSignals: false,
    ...armor,
    // Apollo adds stack traces unless NODE_ENV is production or test (armor turns them off too,
    // but that is its choice to change).
    includeStacktraceInErrorResponses: false,
    plugins: [
      ...armor.plugins,
      inputValueLimit(opts.limits),
      opts.metrics.plugin,
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints are set, and the default plugin hooks every resolved field to compute them.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer: opts.httpServer }),
    ],
    formatError: formatApiError,
  })
}
