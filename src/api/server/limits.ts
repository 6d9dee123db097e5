/** Protection limits of the API; every one can be changed through `startApiServer({ options })`. */
export type ApiLimits = {
  /** Largest `limit`/`first` a client may ask for; also the page size when a list gives none. @default 1000 */
  maxLimit: number
  /** Longest `_in`/`_not_in`/`containsAny...` list. @default 1000 */
  maxInList: number
  /**
   * Most input values in one request: every scalar in every argument (list elements one each),
   * after variables are substituted, each use of a variable or fragment counted again. @default 5000
   */
  maxInputValues: number
  /** Most SQL bind parameters over all statements of one request (an array counts its length). @default 20000 */
  maxBindParameters: number
  /** Statements one request runs at once; its other root fields wait their turn. @default 2 */
  maxStatementsPerRequest: number
  /** Statements one client (IP, or IPv6 /56) runs at once over all its requests. @default 4 */
  maxStatementsPerClient: number
  /** Statements of one client that may wait for a turn; more are refused. @default 64 */
  maxQueuedStatementsPerClient: number
  /** Longest wait of a statement for its client's turn, ms; longer is refused. @default 15000 */
  maxStatementWaitMs: number
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
  maxInputValues: 5000,
  maxBindParameters: 20_000,
  maxStatementsPerRequest: 2,
  maxStatementsPerClient: 4,
  maxQueuedStatementsPerClient: 64,
  maxStatementWaitMs: 15_000,
  maxDepth: 10,
  maxAliases: 30,
  maxTokens: 5000,
  maxDirectives: 50,
  maxCost: 20000,
  maxResponseNodes: 100_000,
  statementTimeoutMs: 5000,
  maxBodyBytes: 64 * 1024,
}
