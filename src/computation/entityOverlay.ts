import type { EntityClass, EntityWithId } from '../db/write/entityTypes'

/**
 * The rows written by the last batches computed ahead of the database: what a batch computed
 * while the previous one is still being written must read instead of the stored (older) rows.
 * Holds two generations, the newest first; older ones are committed by the time anything reads.
 *
 * @example
 * overlay.publish(cache.written()); overlay.get(Account, '0xabc')
 */
export class EntityOverlay {
  #newest = new Map<EntityClass, Map<string, EntityWithId>>()
  #previous = new Map<EntityClass, Map<string, EntityWithId>>()

  /** Makes `rows` (one batch's writes) the newest generation. */
  publish(rows: Iterable<EntityWithId>): void {
    const next = new Map<EntityClass, Map<string, EntityWithId>>()
    for (const row of rows) {
      const cls = row.constructor as EntityClass
      let byId = next.get(cls)
      if (!byId) {
        byId = new Map()
        next.set(cls, byId)
      }
      byId.set(row.id, row)
    }
    this.#previous = this.#newest
    this.#newest = next
  }

  /** Forgets every generation. */
  clear(): void {
    this.#newest = new Map()
    this.#previous = new Map()
  }

  /** The row as the newest batch that wrote it left it, if one of the kept batches did. */
  get(cls: EntityClass, id: string): EntityWithId | undefined {
    return this.#newest.get(cls)?.get(id) ?? this.#previous.get(cls)?.get(id)
  }
}
