import type { Logger } from '@subsquid/logger'
import type { Store } from '@subsquid/typeorm-store'
import type { Manifest } from '../chain/manifest'
import { BatchDecoder, type DecodedBatch } from './batchDecoder'
import { type ComputedBatch, computeBatch } from './computeBatch'
import { EntityOverlay } from './entityOverlay'
import type { BatchContext } from './handleBatch'
import { storeInternals } from './storeInternals'

type Block = BatchContext['blocks'][number]
/** Logs applied between two turns of the event loop when computing ahead. */
const YIELD_EVERY = 2000

type Ahead = { decoded: DecodedBatch; computed?: ComputedBatch; epoch?: number }

/**
 * Prepares finalized batches ahead of the database: while batch N is being written, batch N+1 is
 * decoded and computed ({@link computeBatch}) against `reader` (committed rows, outside the
 * writing transaction) overlaid with what N and the batches before it wrote but may not have
 * committed yet ({@link EntityOverlay}); its statements are built right away. The batch handler
 * then only writes. Computing is deterministic, so the result equals computing N+1 after N's
 * commit; batches are computed strictly in order, each after the previous one is computed.
 *
 * A batch is computed in the handler instead (inside its transaction, after the previous commit)
 * when nothing was prepared for it (hot blocks) or when it reads by predicate rather than by id
 * (the policies in force), which an overlay cannot answer.
 *
 * @example
 * const planner = new BatchPlanner({ manifest, reader })
 * readAhead(batches, (b) => planner.ahead(b.blocks, log))
 * const { cache } = await planner.take(ctx.blocks, ctx.store, log)
 */
export class BatchPlanner {
  readonly #decoder: BatchDecoder
  readonly #env: {
    manifest: Manifest
    nameByAddress: Map<string, string>
    getChainHead?: () => number | undefined
  }
  readonly #reader?: () => Store
  readonly #ready: Promise<unknown>
  readonly #overlay = new EntityOverlay()
  readonly #ahead = new WeakMap<Block[], Promise<Ahead>>()
  /** Batches computed in the handler after being prepared: later ones wait for them. */
  readonly #inline = new WeakMap<Block[], () => void>()
  /** Settles when the last batch handed to {@link ahead} has been computed (here or inline). */
  #computed: Promise<unknown> = Promise.resolve()
  /** Bumped by {@link invalidate}: what was handed to {@link ahead} before is computed again. */
  #epoch = 0
  /** Settle when their batch has been taken: batches handed over but not yet taken. */
  readonly #untaken = new Set<Promise<void>>()

  constructor(opts: {
    manifest: Manifest
    /** Reads committed rows outside the writing transaction. @default none: only decode ahead */
    reader?: () => Store
    /** Settles when the reader may be used (the schema is migrated). @default now */
    ready?: Promise<unknown>
    getChainHead?: () => number | undefined
  }) {
    this.#decoder = new BatchDecoder(opts.manifest)
    const nameByAddress = new Map<string, string>()
    for (const [name, entry] of Object.entries(opts.manifest.contracts))
      nameByAddress.set(entry.address.toLowerCase(), name)
    this.#env = { manifest: opts.manifest, nameByAddress, getChainHead: opts.getChainHead }
    this.#reader = opts.reader
    this.#ready = opts.ready ?? Promise.resolve()
  }

  /** Starts decoding and, where possible, computing `blocks` for {@link take}. */
  ahead(blocks: Block[], log: Logger): void {
    const previous = this.#computed
    const epoch = this.#epoch
    // With a reader, decoding waits for the previous batch's computation: both share the one
    // thread, and the previous batch is the one the database is waiting for.
    const decoding = this.#reader
      ? previous.then(() => this.#decoder.decodeAhead(blocks, log))
      : this.#decoder.decodeAhead(blocks, log)
    let computedInline: () => void = () => {}
    const inline = new Promise<void>((resolve) => {
      computedInline = resolve
    })
    const ahead = (async (): Promise<Ahead> => {
      const decoded = await decoding
      await previous
      if (!this.#reader || decoded.needPolicies) return { decoded }
      await this.#ready
      const reader = this.#reader()
      // Yielding while computing ahead lets the batch being written send its next statement.
      const computed = await computeBatch(this.#env, blocks, decoded, reader, this.#overlay, YIELD_EVERY)
      await computed.cache.prepare(storeInternals(reader)?.em, true)
      if (epoch !== this.#epoch) return { decoded }
      this.#overlay.publish(computed.cache.written())
      return { decoded, computed, epoch }
    })()
    ahead.catch(() => {}) // observed by take()
    this.#inline.set(blocks, computedInline)
    this.#untaken.add(inline)
    inline.then(() => this.#untaken.delete(inline))
    this.#ahead.set(blocks, ahead)
    this.#computed = ahead.then(
      (a) => (a.computed ? undefined : inline),
      () => undefined,
    )
  }

  /**
   * Forgets every row of batches computed ahead: the batch being written was not written as it was
   * computed (it was isolated), so batches computed on top of it are computed again, in the
   * handler, from the store.
   */
  invalidate(): void {
    this.#epoch += 1
    this.#overlay.clear()
    // Batches handed over from now on are computed ahead only once those handed over before have
    // been computed again (in the handler) and published.
    this.#computed = Promise.all(this.#untaken)
  }

  /** The computed batch: prepared by {@link ahead} for exactly this block array, else computed now. */
  async take(blocks: Block[], store: Store, log: Logger): Promise<ComputedBatch> {
    const ahead = this.#ahead.get(blocks)
    this.#ahead.delete(blocks)
    try {
      const prepared = ahead ? await ahead : undefined
      if (prepared?.computed && prepared.epoch === this.#epoch) return prepared.computed
      const decoded = prepared?.decoded ?? (await this.#decoder.take(blocks, log))
      const computed = await computeBatch(
        this.#env,
        blocks,
        decoded,
        store,
        ahead ? this.#overlay : undefined,
      )
      if (ahead) {
        await computed.cache.prepare(storeInternals(store)?.em)
        this.#overlay.publish(computed.cache.written())
      }
      return computed
    } finally {
      // Also when computing failed: later batches must not wait forever (the handler invalidates).
      this.#inline.get(blocks)?.()
      this.#inline.delete(blocks)
    }
  }
}
