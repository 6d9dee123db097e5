/** Protection limits of the API; every one can be changed through `startApiServer({ options })`. */
export type ApiLimits = {
  /** Largest `limit`/`first` a client may ask for; also the page size when a list gives none. @default 1000 */
  maxLimit: number
  /** Longest `_in`/`_not_in`/`containsAny...` list. @default 1000 */
  maxInList: number
  /** Deepest selection (graphql-armor max-depth). @default 10 */
  maxDepth: number
  /** Most aliases in one operation (graphql-armor max-aliases). @default 30 */
  maxAliases: number
  /** Most tokens in one document (graphql-armor max-tokens). @default 5000 */
  maxTokens: number
  /** Most directives in one operation (graphql-armor max-directives). @default 50 */
  maxDirectives: number
  /** graphql-armor's field cost (objects 2, scalars 1, x1.5 per level). @default 20000 */
  maxCost: number
  /**
   * Most rows one request may read: each list counts its `limit` (or `maxLimit`) times the
   * fields below it, nested lists multiply, as OpenReader's response-size limit. @default 100000
   */
  maxResponseNodes: number
  /** Per-statement timeout in PostgreSQL (SET statement_timeout), ms. @default 5000 */
  statementTimeoutMs: number
  /** Largest request body, bytes. @default 65536 */
  maxBodyBytes: number
}

/**
 * The default limits: generous for explorers and dashboards, small enough that one client
 * cannot take the database away from the others.
 *
 * @example
 * const limits = { ...DEFAULT_LIMITS, maxLimit: 500 }
 */
export const DEFAULT_LIMITS: ApiLimits = {
  maxLimit: 1000,
  maxInList: 1000,
  maxDepth: 10,
  maxAliases: 30,
  maxTokens: 5000,
  maxDirectives: 50,
  maxCost: 20000,
  maxResponseNodes: 100_000,
  statementTimeoutMs: 5000,
  maxBodyBytes: 64 * 1024,
}
