import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Store } from '@subsquid/typeorm-store'
import { type EntityManager, In } from 'typeorm'
import type { EntityClass, EntityWithId } from '../db/write/entityTypes'
import { insertRows } from '../db/write/insertRows'
import { storeInternals } from '../db/write/storeInternals'
import { type Statement, unnestStatements } from '../db/write/unnestStatements'
import { upsertRows } from '../db/write/upsertRows'
import { writeAsScript } from '../db/write/writeScript'
import type { EntityOverlay } from './entityOverlay'
import { HandlerBugError } from './errors'

/**
 * The entities one batch reads and writes. Handlers only touch this in-memory state; the store is
 * read once per entity type before ({@link load}) and written once per entity type after
 * ({@link flush}), never per log.
 *
 * @example
 * cache.want(Account, '0xabc'); await cache.load(store)
 * cache.get(Account, '0xabc'); cache.markDirty(account); await cache.flush(store, ORDER)
 */
export class EntityCache {
  readonly #rows = new Map<EntityClass, Map<string, EntityWithId>>()
  readonly #wanted = new Map<EntityClass, Set<string>>()
  readonly #dirty = new Map<EntityClass, Set<string>>()
  readonly #inserts = new Map<EntityClass, EntityWithId[]>()
  /** Ids looked up in the store (found or not): a miss among them means "does not exist yet". */
  readonly #queried = new Map<EntityClass, Set<string>>()
  /** Statements built by {@link prepare}, per entity type. */
  #prepared: Map<EntityClass, { upsert?: Statement[]; insert?: Statement[] }> | undefined

  /** @param overlay rows newer than the store's (batches computed ahead), read first */
  constructor(readonly overlay?: EntityOverlay) {}

  /** Registers an id to load in the next {@link load}. */
  want(cls: EntityClass, id: string): void {
    if (this.#rows.get(cls)?.has(id)) return
    getOrInit(this.#wanted, cls, () => new Set<string>()).add(id)
  }

  /** Loads every wanted id not cached yet: one query per entity type (chunked by 10k ids). */
  async load(store: Store): Promise<void> {
    for (const [cls, ids] of this.#wanted) {
      const queried = getOrInit(this.#queried, cls, () => new Set<string>())
      const missing: string[] = []
      for (const id of ids) {
        if (this.#rows.get(cls)?.has(id)) continue
        queried.add(id)
        const newer = this.overlay?.get(cls, id)
        if (newer) this.#map(cls).set(id, newer)
        else missing.push(id)
      }
      for (let i = 0; i < missing.length; i += 10_000) {
        // Relations this row holds the key of come back as `{ id }` references (no joins), enough
        // to follow and to re-save them. Only those: the ids of one-to-many relations would cost a
        // query per relation and grow with the children (every contribution of an account).
        const found = (await store.find(cls, {
          where: { id: In(missing.slice(i, i + 10_000)) },
          loadRelationIds: { relations: ownedRelations(store, cls), disableMixedMap: true },
        } as Parameters<Store['find']>[1])) as EntityWithId[]
        for (const e of found) this.#map(cls).set(e.id, e)
      }
    }
    this.#wanted.clear()
  }

  /**
   * Whether the batch knows the row's state: cached, or looked up and absent. A handler reading an
   * id that was never prefetched would overwrite the stored row with a fresh one, so that is a bug.
   */
  isKnown(cls: EntityClass, id: string): boolean {
    return !!(this.#rows.get(cls)?.has(id) || this.#queried.get(cls)?.has(id))
  }

  /** The cached entity or undefined (never queries). */
  get<E extends EntityWithId>(cls: EntityClass<E>, id: string): E | undefined {
    return this.#rows.get(cls)?.get(id) as E | undefined
  }

  /** Puts a new or changed entity in the cache and schedules its upsert. */
  put<E extends EntityWithId>(entity: E): E {
    const cls = entity.constructor as EntityClass
    this.#map(cls).set(entity.id, entity)
    getOrInit(this.#dirty, cls, () => new Set<string>()).add(entity.id)
    return entity
  }

  /** Schedules a plain insert of an append-only row (events); it is not readable through get(). */
  insert<E extends EntityWithId>(entity: E): void {
    const cls = entity.constructor as EntityClass
    getOrInit(this.#inserts, cls, () => [] as EntityWithId[]).push(entity)
  }

  /** Number of rows scheduled for writing. */
  get pendingWrites(): number {
    let n = 0
    for (const s of this.#dirty.values()) n += s.size
    for (const l of this.#inserts.values()) n += l.length
    return n
  }

  /** Every row scheduled for writing (changed and new), e.g. to publish to an overlay. */
  *written(): Iterable<EntityWithId> {
    for (const [cls, ids] of this.#dirty) {
      const rows = this.#map(cls)
      for (const id of ids) yield rows.get(id)!
    }
    for (const list of this.#inserts.values()) yield* list
  }

  /**
   * Builds the write statements now, from the entities as they are now: a later batch computed
   * ahead may change the same entity objects before this one is written. Without a manager (the
   * no-op store) there is nothing to build. `yieldBetween` gives the event loop a turn after each
   * entity type, for a batch being written meanwhile.
   */
  async prepare(em: EntityManager | undefined, yieldBetween = false): Promise<void> {
    if (!em) return
    const prepared = new Map<EntityClass, { upsert?: Statement[]; insert?: Statement[] }>()
    const entry = (cls: EntityClass) =>
      getOrInit(prepared, cls, () => ({}) as { upsert?: Statement[]; insert?: Statement[] })
    for (const [cls, ids] of this.#dirty) {
      const rows = this.#map(cls)
      entry(cls).upsert = unnestStatements(
        em,
        [...ids].map((id) => rows.get(id)!),
        'upsert',
      )
      if (yieldBetween) await nextTurn()
    }
    for (const [cls, list] of this.#inserts) {
      entry(cls).insert = unnestStatements(em, list, 'insert')
      if (yieldBetween) await nextTurn()
    }
    this.#prepared = prepared
  }

  /**
   * Writes everything: per entity type in `order` (so foreign keys point at rows already
   * written), one upsert of the changed rows ({@link upsertRows}) then one insert of the new
   * append-only rows ({@link insertRows}), with the statements {@link prepare}d if it was called.
   */
  async flush(store: Store, order: EntityClass[]): Promise<void> {
    const known = new Set(order)
    for (const cls of [...this.#dirty.keys(), ...this.#inserts.keys()])
      if (!known.has(cls)) throw new HandlerBugError(`entity ${cls.name} is missing from the flush order`)
    if (await this.#flushAsScript(store, order)) return
    for (const cls of order) {
      const prepared = this.#prepared?.get(cls)
      const ids = this.#dirty.get(cls)
      if (ids?.size) {
        const rows = this.#map(cls)
        await upsertRows(
          store,
          [...ids].map((id) => rows.get(id)!),
          prepared?.upsert,
        )
      }
      const inserts = this.#inserts.get(cls)
      if (inserts?.length) await insertRows(store, inserts, prepared?.insert)
    }
    this.#dirty.clear()
    this.#inserts.clear()
    this.#prepared = undefined
  }

  /**
   * Writes the prepared statements in one round trip ({@link writeAsScript}) when that is
   * equivalent: every write was prepared and no hot-block change tracker needs to record them.
   */
  async #flushAsScript(store: Store, order: EntityClass[]): Promise<boolean> {
    const prepared = this.#prepared
    const internals = storeInternals(store)
    if (!prepared || !internals || internals.changes) return false
    for (const cls of this.#dirty.keys())
      if (this.#dirty.get(cls)?.size && !prepared.get(cls)?.upsert) return false
    for (const cls of this.#inserts.keys())
      if (this.#inserts.get(cls)?.length && !prepared.get(cls)?.insert) return false
    const steps = order.flatMap((cls) => prepared.get(cls) ?? [])
    if (!(await writeAsScript(internals.em, steps))) return false
    this.#dirty.clear()
    this.#inserts.clear()
    this.#prepared = undefined
    return true
  }

  #map(cls: EntityClass): Map<string, EntityWithId> {
    return getOrInit(this.#rows, cls, () => new Map<string, EntityWithId>())
  }
}

const OWNED_RELATIONS = new WeakMap<EntityClass, string[]>()

/** Names of the relations whose foreign key is a column of `cls` (many-to-one, owning one-to-one). */
function ownedRelations(store: Store, cls: EntityClass): string[] {
  let names = OWNED_RELATIONS.get(cls)
  if (!names) {
    const em = storeInternals(store)?.em
    names = em
      ? em.connection
          .getMetadata(cls)
          .relations.filter((r) => r.isOwning)
          .map((r) => r.propertyPath)
      : []
    OWNED_RELATIONS.set(cls, names)
  }
  return names
}

function getOrInit<K, V>(map: Map<K, V>, key: K, init: () => V): V {
  let value = map.get(key)
  if (value === undefined) {
    value = init()
    map.set(key, value)
  }
  return value
}
