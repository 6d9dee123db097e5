import type { Store } from '@subsquid/typeorm-store'

/**
 * A store that holds nothing: reads find nothing, writes are dropped. What a database the
 * processor never committed to answers (see `BatchPlanner`'s `startsEmpty`), and the no-op
 * benchmark store's every answer.
 *
 * @example
 * await EMPTY_STORE.get(Account, '0xabc') // undefined
 */
export const EMPTY_STORE = {
  find: async () => [],
  findBy: async () => [],
  findOne: async () => undefined,
  findOneBy: async () => undefined,
  get: async () => undefined,
  count: async () => 0,
  countBy: async () => 0,
  save: async () => {},
  upsert: async () => {},
  insert: async () => {},
  remove: async () => {},
} as unknown as Store
