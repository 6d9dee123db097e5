import { MissingReferenceError } from '../db/write/errors'
import { BaseError } from '../errors'

/**
 * SQLSTATE classes a value can cause: 22 data exception (invalid byte sequence, numeric out of
 * range), 23 integrity constraint violation (unique, foreign key, not null), 54 program limit
 * exceeded (an index row too large).
 */
const DATA_CLASSES = new Set(['22', '23', '54'])

/**
 * Whether `err` was caused by what a batch holds rather than by the database, the network or the
 * code around it: then the batch is worth retrying and, failing that, isolating transaction by
 * transaction ({@link isolateBatch}). PostgreSQL's data errors (classes 22, 23, 54, and 42601 — a
 * value that broke a statement's text), a missing referenced row, and a `TypeError`/`RangeError`
 * from a handler meeting a value it did not expect. Everything else (connection lost, a stop, our
 * retryable errors, schema errors) is not: isolating those would skip good data.
 *
 * @example
 * isDataError(Object.assign(new Error('invalid byte sequence'), { code: '22021', severity: 'ERROR' })) // true
 */
export function isDataError(err: unknown): boolean {
  if (err instanceof BaseError) return err instanceof MissingReferenceError
  const { code, severity } = (err ?? {}) as { code?: unknown; severity?: unknown }
  // node-postgres's DatabaseError, and TypeORM's QueryFailedError that copies its fields.
  if (typeof code === 'string' && typeof severity === 'string')
    return DATA_CLASSES.has(code.slice(0, 2)) || code === '42601'
  return err instanceof TypeError || err instanceof RangeError
}
