import type { ApolloServerPlugin } from '@apollo/server'
import { ApolloArmor } from '@escape.tech/graphql-armor'
import { ErrorCode, type ErrorCodeName } from './apiErrors'
import type { ApiLimits } from './limits'

// graphql-armor rejects with messages only (Apollo labels them GRAPHQL_VALIDATION_FAILED, and a
// token-limit rejection, raised while parsing, even answers 500); we recognise them by message.
const ARMOR_MESSAGES: [RegExp, ErrorCodeName][] = [
  [/Query depth limit of \d+ exceeded/, ErrorCode.DEPTH_LIMIT_EXCEEDED],
  [/Aliases limit of \d+ exceeded/, ErrorCode.ALIAS_LIMIT_EXCEEDED],
  [/Query Cost limit of \d+ exceeded/, ErrorCode.COST_LIMIT_EXCEEDED],
  [/Token limit of \d+ exceeded|Document contains more th(an|at) \d+ tokens/, ErrorCode.TOKEN_LIMIT_EXCEEDED],
  [/Directives limit of \d+ exceeded/, ErrorCode.DIRECTIVE_LIMIT_EXCEEDED],
]

/**
 * Our code for a graphql-armor rejection message, if it is one.
 *
 * @example
 * armorErrorCode('Syntax Error: Query depth limit of 10 exceeded, found 14.') // 'DEPTH_LIMIT_EXCEEDED'
 */
export function armorErrorCode(message: string): ErrorCodeName | undefined {
  return ARMOR_MESSAGES.find(([re]) => re.test(message))?.[1]
}

/**
 * graphql-armor's depth, alias, cost and directive limits, graphql-js's token limit, plus a plugin that answers their
 * rejections with HTTP 400 (the code itself is set by formatApiError).
 *
 * @example
 * const armor = armorProtection(limits)
 * new ApolloServer({ schema, validationRules: armor.validationRules, plugins: [...armor.plugins] })
 */
export function armorProtection(limits: ApiLimits) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    // graphql-js enforces the token limit itself (parseOptions below); armor's version throws from a
    // plugin hook, which Apollo answers with HTTP 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: { maxCost: limits.maxCost },
    // Field suggestions stay on: squid users rely on "Did you mean" while writing queries.
    blockFieldSuggestion: { enabled: false },
  }).protect()
  const statusPlugin: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          const body = rc.response.body
          const errors = body.kind === 'single' ? (body.singleResult.errors ?? []) : []
          if (errors.some((e) => armorErrorCode(e.message))) rc.response.http.status = 400
        },
      }
    },
  }
  return {
    ...armor,
    plugins: [...armor.plugins, statusPlugin],
    parseOptions: { maxTokens: limits.maxTokens },
  }
}
