import { NonRetryableError } from '../../errors'

/**
 * The bulk writers were handed a store they cannot write through: rows of different entity types
 * in one call, or a typeorm-store whose private manager or change tracker moved (a library
 * upgrade). A bug, not a condition to retry.
 *
 * @example
 * throw new BulkWriteError('rows of different entity types (Account, Datanet)')
 */
export class BulkWriteError extends NonRetryableError {
  override name = 'BulkWriteError'
  constructor(reason: string) {
    super(`Cannot bulk-write: ${reason}.`)
  }
}

/**
 * A bulk insert refers to a row that does not exist: the foreign key check the bulk writers run
 * instead of PostgreSQL's triggers failed (what a 23503 foreign_key_violation is otherwise). Caused
 * by the data, so the batch is isolated ({@link isDataError}).
 *
 * @example
 * throw new MissingReferenceError('insert into "vote" violates foreign key FK_1: 1 of the "proposal" rows it references do not exist')
 */
export class MissingReferenceError extends BulkWriteError {
  override name = 'MissingReferenceError'
}
