import type { ApolloServerPlugin } from '@apollo/server'
import { type FragmentDefinitionNode, Kind } from 'graphql/index.js'
import { apiError } from './apiErrors'
import { countInputValues } from './countInputValues'
import type { ApiLimits } from './limits'

/**
 * Rejects an operation whose arguments carry more than `maxInputValues` values in all (see
 * {@link countInputValues}) with HTTP 400 and TOO_MANY_PARAMETERS, before any resolver runs: the
 * per-list `maxInList` alone lets one list be reused hundreds of times.
 *
 * @example
 * new ApolloServer({ schema, plugins: [inputValueLimit(limits)] })
 */
export function inputValueLimit(limits: Pick<ApiLimits, 'maxInputValues'>): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          if (!rc.operation) return
          const fragments: Record<string, FragmentDefinitionNode> = {}
          for (const d of rc.document.definitions)
            if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d
          const n = countInputValues(rc.operation, fragments, rc.request.variables ?? {})
          const max = limits.maxInputValues
          if (n > max)
            throw apiError(
              'TOO_MANY_PARAMETERS',
              `The request carries ${n} input values (variables counted at each use); at most ${max} are allowed.`,
              { max, http: { status: 400 } },
            )
        },
      }
    },
  }
}
