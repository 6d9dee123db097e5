import { NonRetryableError, RetryableError } from '../errors'

/**
 * The schema file uses a construct this API does not serve (interfaces, unions, typed JSON
 * objects, full-text queries) or is inconsistent (a @derivedFrom pointing nowhere).
 *
 * @example
 * throw new SchemaModelError('Inference.settlement: @derivedFrom(field: "x") names no relation to Inference')
 */
export class SchemaModelError extends NonRetryableError {
  override name = 'SchemaModelError'
  constructor(message: string) {
    super(`schema.graphql: ${message}`)
  }
}

/**
 * The read-only database role could not be created or granted (the admin user lacks CREATEROLE).
 *
 * @example
 * throw new ReadOnlyRoleError('openledger_api', { cause })
 */
export class ReadOnlyRoleError extends NonRetryableError {
  override name = 'ReadOnlyRoleError'
  constructor(role: string, options: { cause?: unknown } = {}) {
    super(`Could not set up the read-only database role "${role}".`, {
      ...options,
      metaMessages: ['The admin connection needs CREATEROLE, or create the role yourself and pass its URL.'],
    })
  }
}

/**
 * The API server could not listen (port taken) or reach its database at start.
 *
 * @example
 * throw new ApiStartError(4350, { cause })
 */
export class ApiStartError extends RetryableError {
  override name = 'ApiStartError'
  constructor(port: number, options: { cause?: unknown; details?: string } = {}) {
    super(`The GraphQL API could not start on port ${port}.`, options)
  }
}

/**
 * A statement could not get its turn: the client already has the most statements waiting
 * (`full`), or it waited longer than allowed (`timeout`). Retryable: the queue drains.
 *
 * @example
 * throw new StatementQueueError('full', 64)
 */
export class StatementQueueError extends RetryableError {
  override name = 'StatementQueueError'
  constructor(
    readonly reason: 'full' | 'timeout',
    readonly limit: number,
  ) {
    super(
      reason === 'full'
        ? `${limit} statements are already waiting; not queueing more.`
        : `The statement waited ${limit} ms for its turn.`,
    )
  }
}

/**
 * The query compiler was asked for a field or relation the schema model does not have in that
 * form. GraphQL validation rejects such queries first, so reaching this is a bug in the compiler.
 *
 * @example
 * throw new SqlCompileError('Inference.nope does not exist')
 */
export class SqlCompileError extends NonRetryableError {
  override name = 'SqlCompileError'
}
