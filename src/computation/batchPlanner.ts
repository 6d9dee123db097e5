import type { Logger } from '@subsquid/logger'
import type { Store } from '@subsquid/typeorm-store'
import { storeInternals } from '../db/write/storeInternals'
import type { ContractName, Manifest } from '../manifest/manifest'
import type { BatchContext } from './batchContext'
import { BatchDecoder, type DecodedBatch } from './batchDecoder'
import { type ComputedBatch, computeBatch } from './computeBatch'
import { EMPTY_STORE } from './emptyStore'
import { EntityOverlay } from './entityOverlay'
import { BatchPlanError } from './errors'
import type { ContractHandlers } from './eventHandler'
import type { IsolationEnv } from './isolateBatch'

type Block = BatchContext['blocks'][number]
/** Logs applied between two turns of the event loop when computing ahead. */
const YIELD_EVERY = 2000

/** `unprepared`: computed without a database connection, its statements are built when taken. */
type Ahead = { decoded: DecodedBatch; computed?: ComputedBatch; epoch?: number; unprepared?: boolean }

/** A batch handed to {@link BatchPlanner.ahead}. */
type Prepared = {
  blocks: Block[]
  ahead: Promise<Ahead>
  /** Marks it computed in the handler (later batches wait for that). */
  computedInline: () => void
  /** {@link BatchPlanner.take} has it joined with others: nothing is computed ahead for it any more. */
  taken: boolean
  /** Its computation ahead has started: its rows go to the overlay. */
  computing: boolean
}

/**
 * Prepares finalized batches ahead of the database: while batch N is being written, batch N+1 is
 * decoded and computed ({@link computeBatch}) against `reader` (committed rows, outside the
 * writing transaction) overlaid with what N and the batches before it wrote but may not have
 * committed yet ({@link EntityOverlay}); its statements are built right away. The batch handler
 * then only writes. Computing is deterministic, so the result equals computing N+1 after N's
 * commit; batches are computed strictly in order, each after the previous one is computed.
 *
 * A batch is computed in the handler instead (inside its transaction, after the previous commit)
 * when nothing was prepared for it (hot blocks), when it reads by predicate rather than by id
 * (the policies in force), which an overlay cannot answer, or while the committed rows still hold
 * hot blocks of an earlier run (`hotBlocksCommitted`): the next finalized batch's transaction rolls
 * them back before writing, so rows read outside it would count those blocks twice. Subsquid's
 * runner joins the batches that end inside such hot blocks into one; {@link take} accepts that join.
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
  readonly #startsEmpty: Promise<boolean>
  /** Whether a batch was handed to {@link ahead} yet. */
  #handedAny = false
  readonly #overlay = new EntityOverlay()
  /** Prepared batches by their first block (the runner may join several into one array). */
  readonly #prepared = new WeakMap<Block, Prepared>()
  readonly #hotBlocksCommitted?: () => Promise<boolean>
  /** No hot block of an earlier run is committed any more (none comes back while batches are prepared). */
  #noHotBlocks = false
  /** Settles when the last batch handed to {@link ahead} has been computed (here or inline). */
  #computed: Promise<unknown> = Promise.resolve()
  /** Bumped by {@link invalidate}: what was handed to {@link ahead} before is computed again. */
  #epoch = 0
  /** Settle when their batch has been taken: batches handed over but not yet taken. */
  readonly #untaken = new Set<Promise<void>>()

  constructor(opts: {
    manifest: Manifest
    /** Each manifest contract's handlers (the processor's `handlersByName`). */
    handlers: Record<ContractName, ContractHandlers>
    /** Reads committed rows outside the writing transaction. @default none: only decode ahead */
    reader?: () => Store
    /** Settles when the reader may be used (the schema is migrated). @default now */
    ready?: Promise<unknown>
    /**
     * Resolves true when the reader's store holds no row yet (nothing committed): the first batch
     * is then computed against nothing, without waiting for `ready` (from genesis, the first
     * batch's computation overlaps the migrations instead of following them). Only the first:
     * later ones may read rows that the overlay no longer holds. @default false
     */
    startsEmpty?: Promise<boolean>
    /**
     * Whether committed rows still include hot blocks (rolled back by the next finalized batch's
     * transaction). Asked before computing ahead until it answers false. @default never
     */
    hotBlocksCommitted?: () => Promise<boolean>
    getChainHead?: () => number | undefined
  }) {
    this.#decoder = new BatchDecoder(opts.manifest, opts.handlers)
    const nameByAddress = new Map<string, string>()
    for (const [name, entry] of Object.entries(opts.manifest.contracts))
      nameByAddress.set(entry.address.toLowerCase(), name)
    this.#env = { manifest: opts.manifest, nameByAddress, getChainHead: opts.getChainHead }
    this.#reader = opts.reader
    this.#ready = opts.ready ?? Promise.resolve()
    this.#hotBlocksCommitted = opts.hotBlocksCommitted
    this.#startsEmpty = opts.startsEmpty ?? Promise.resolve(false)
  }

  /** Starts decoding and, where possible, computing `blocks` for {@link take}. */
  ahead(blocks: Block[], log: Logger): void {
    const first = blocks[0]
    if (!first) return
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
    const entry: Prepared = {
      blocks,
      ahead: Promise.resolve({} as Ahead),
      computedInline,
      taken: false,
      computing: false,
    }
    const isFirst = !this.#handedAny
    this.#handedAny = true
    entry.ahead = (async (): Promise<Ahead> => {
      const decoded = await decoding
      await previous
      if (!this.#reader || decoded.needPolicies || entry.taken) return { decoded }
      const empty = isFirst && (await this.#startsEmpty)
      if (!empty) await this.#ready
      if ((!empty && (await this.#readsHotBlocks())) || entry.taken) return { decoded }
      entry.computing = true
      const reader = empty ? EMPTY_STORE : this.#reader()
      // Yielding while computing ahead lets the batch being written send its next statement.
      const computed = await computeBatch(this.#env, blocks, decoded, reader, this.#overlay, YIELD_EVERY)
      await computed.cache.prepare(storeInternals(reader)?.em, true)
      if (epoch !== this.#epoch) return { decoded }
      this.#overlay.publish(computed.cache.written())
      return { decoded, computed, epoch, unprepared: empty }
    })()
    entry.ahead.catch(() => {}) // observed by take()
    this.#untaken.add(inline)
    inline.then(() => this.#untaken.delete(inline))
    this.#prepared.set(first, entry)
    this.#computed = entry.ahead.then(
      (a) => (a.computed ? undefined : inline),
      () => undefined,
    )
  }

  /**
   * The decoder and entity environment batches are computed with, for writing a failed batch
   * another way ({@link isolateBatch}) exactly as it would have been computed here.
   */
  get isolation(): IsolationEnv {
    return { decoder: this.#decoder, env: this.#env }
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

  /**
   * The computed batch: prepared by {@link ahead} for exactly these blocks, else computed now (in
   * the handler's transaction, against `store`).
   *
   * @throws {BatchPlanError} when prepared batches joined into `blocks` were computed ahead.
   */
  async take(blocks: Block[], store: Store, log: Logger): Promise<ComputedBatch> {
    const parts = this.#partsOf(blocks)
    try {
      const only = parts.length === 1 && parts[0]?.blocks.length === blocks.length ? parts[0] : undefined
      if (!only) {
        // Joined batches are computed here as one: none of them may reach the overlay on its own.
        for (const p of parts) p.taken = true
        const early = parts.find((p) => p.computing)
        if (early)
          throw new BatchPlanError(
            `blocks ${early.blocks[0]?.header.height}.. were computed ahead and joined`,
          )
      }
      const prepared = only ? await only.ahead : undefined
      if (prepared?.computed && prepared.epoch === this.#epoch) {
        // Else it would be written statement by statement, one round trip each.
        if (prepared.unprepared) await prepared.computed.cache.prepare(storeInternals(store)?.em)
        return prepared.computed
      }
      const decoded = prepared?.decoded ?? (await this.#decoder.take(blocks, log))
      const overlay = parts.length ? this.#overlay : undefined
      const computed = await computeBatch(this.#env, blocks, decoded, store, overlay)
      if (overlay) {
        await computed.cache.prepare(storeInternals(store)?.em)
        overlay.publish(computed.cache.written())
      }
      return computed
    } finally {
      // Also when computing failed: later batches must not wait forever (the handler invalidates).
      for (const p of parts) p.computedInline()
    }
  }

  /** The prepared batches that `blocks` begins with, in order (one when the runner joined none). */
  #partsOf(blocks: Block[]): Prepared[] {
    const parts: Prepared[] = []
    for (let i = 0; i < blocks.length; ) {
      const block = blocks[i]
      const p = block && this.#prepared.get(block)
      if (!p) break
      this.#prepared.delete(block)
      parts.push(p)
      i += p.blocks.length
    }
    return parts
  }

  /** Whether committed rows may still include hot blocks that the next transaction rolls back. */
  async #readsHotBlocks(): Promise<boolean> {
    if (this.#noHotBlocks || !this.#hotBlocksCommitted) return false
    if (await this.#hotBlocksCommitted()) return true
    this.#noHotBlocks = true
    return false
  }
}
