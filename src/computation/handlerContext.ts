import type { EntityClass, EntityWithId } from '../db/write/entityTypes'
import type { Manifest } from '../manifest/manifest'
import {
  Account,
  Agent,
  AnomalyKind,
  type AttributionPolicy,
  Contribution,
  DailyStat,
  Datanet,
  type FeePolicy,
  IndexingAnomaly,
  Model,
  type Token,
  TokenSupply,
  Validator,
} from '../model'
import type { EntityCache } from './entityCache'
import { addressId, dayId, eventId } from './entityIds'
import { HandlerBugError } from './errors'
import { GovernanceTxLog } from './governanceTxLog'

/** Where the log being handled sits in the chain. */
export type LogPosition = {
  blockNumber: number
  blockHash: string
  /** Block timestamp, ms. */
  timestamp: number
  logIndex: number
  txHash: string
  address: string
  /** Manifest name of the emitting contract. */
  contract: string
  topics: string[]
  data: string
  /** Gas of the emitting transaction, when the node reports it. */
  gasUsed?: bigint
  /** Effective gas price (falls back to the gas price), wei. */
  gasPrice?: bigint
  /** OP-stack L1 data fee, wei. */
  l1Fee?: bigint
}

/** Registers the ids a handler will read, before the batch's single load per entity type. */
export type Prefetch = {
  account(address: string): void
  add(cls: EntityClass, id: string): void
  /** Load the fee and attribution policies currently in force (toBlock null). */
  policies(): void
}

export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'

/**
 * What a handler sees: the log's position, typed access to the batch's entities (loaded before,
 * written after), and helpers for rows that always exist (accounts, stubs, daily stats).
 * Handlers never query the store.
 *
 * @example
 * apply: (e, c) => { const a = c.account(e.owner); a.contributionCount += 1 }
 */
export class HandlerContext {
  pos!: LogPosition
  readonly #afterMainPass: LaterTask[] = []
  /** Anomalies recorded per log id so far: a log's second one gets the id suffix -1, and so on. */
  readonly #anomaliesPerLog = new Map<string, number>()
  /** Policies in force, kept current as the batch updates them. */
  feePolicy: FeePolicy | undefined
  attributionPolicy: AttributionPolicy | undefined
  /** Number of anomalies recorded in this batch. */
  anomalies = 0
  /**
   * Facts a handler leaves for a {@link afterMainPass} task of the same batch (e.g. which transaction
   * settled an inference). A transaction never spans batches, so facts about one are complete.
   */
  readonly marks = new Set<string>()
  /** Timelock operations scheduled and proposals executed, per transaction of the batch. */
  readonly governance = new GovernanceTxLog()

  constructor(
    readonly cache: EntityCache,
    readonly manifest: Manifest,
    /** Lowercase address -> manifest name. */
    readonly nameByAddress: ReadonlyMap<string, string>,
  ) {}

  get date(): Date {
    return new Date(this.pos.timestamp)
  }

  /**
   * What the emitting transaction cost, for rows that record it (null where the node did not say).
   *
   * @example
   * new Inference({ ...fields, ...c.txCost() })
   */
  txCost(): { gasUsed: bigint | null; gasPrice: bigint | null; l1Fee: bigint | null } {
    return {
      gasUsed: this.pos.gasUsed ?? null,
      gasPrice: this.pos.gasPrice ?? null,
      l1Fee: this.pos.l1Fee ?? null,
    }
  }

  /** Id for a row of this log: '<block>-<logIndex>', zero padded. */
  eventId(): string {
    return eventId(this.pos.blockNumber, this.pos.logIndex)
  }

  /** The account (created with zero totals on first sight), marked for writing. */
  account(address: string): Account {
    const id = addressId(address)
    this.#assertKnown(Account, id)
    const found = this.cache.get(Account, id)
    // Work deferred to the end of a batch (transactions' gas, after-main-pass tasks) may meet an account
    // before an earlier block's reference: the first block is the least, whatever the order.
    if (found && found.firstSeenBlock > this.pos.blockNumber) found.firstSeenBlock = this.pos.blockNumber
    return this.cache.put(found ?? newAccount(id, this.pos.blockNumber))
  }

  /**
   * The entity to change, marked for writing: the cached row, or a stub from {@link STUBS} (zero
   * totals) when the indexer never saw it. For rows a handler updates in place (totals, state).
   */
  forUpdate<E extends EntityWithId>(cls: EntityClass<E>, id: string): E {
    this.#assertKnown(cls, id)
    const found = this.cache.get(cls, id)
    if (found) return this.cache.put(found)
    const stub = STUBS.get(cls)
    if (!stub) throw new HandlerBugError(`no stub for ${cls.name}`)
    return this.cache.put(stub(id, this) as E)
  }

  /** The cached entity, or undefined when the indexer never saw it; not marked for writing. */
  existing<E extends EntityWithId>(cls: EntityClass<E>, id: string): E | undefined {
    this.#assertKnown(cls, id)
    return this.cache.get(cls, id)
  }

  #assertKnown(cls: EntityClass, id: string): void {
    if (!this.cache.isKnown(cls, id))
      throw new HandlerBugError(`${cls.name} ${id} was read without being prefetched`)
  }

  /** Creates or replaces an entity (upserted at flush). */
  save<E extends EntityWithId>(entity: E): E {
    return this.cache.put(entity)
  }

  /** Appends an immutable row (an event row: inserted at flush, never updated). */
  append<E extends EntityWithId>(entity: E): void {
    this.cache.insert(entity)
  }

  /** Today's (block time, UTC) statistics row. */
  day(): DailyStat {
    return this.forUpdate(DailyStat, dayId(this.pos.timestamp))
  }

  /** The running supply row of a token. */
  supply(token: Token): TokenSupply {
    return this.forUpdate(TokenSupply, token)
  }

  /**
   * Work that needs entities only known after the main pass (e.g. a contribution's datanet). It
   * runs with {@link pos} set back to this log's position.
   */
  afterMainPass(prefetch: (p: Prefetch) => void, apply: () => void): void {
    this.#afterMainPass.push({ prefetch, apply, pos: this.pos })
  }

  /** Takes the queued {@link afterMainPass} tasks. */
  takeAfterMainPass(): LaterTask[] {
    return this.#afterMainPass.splice(0)
  }

  /**
   * Records an event that could not be indexed as emitted (never dropped silently); `detail`
   * names a value changed to be storable and keeps its original.
   */
  anomaly(kind: AnomalyKind, message: string, detail: { field?: string; original?: string } = {}): void {
    this.anomalies += 1
    const base = this.eventId()
    const seen = this.#anomaliesPerLog.get(base) ?? 0
    this.#anomaliesPerLog.set(base, seen + 1)
    this.append(
      new IndexingAnomaly({
        id: seen ? `${base}-${seen}` : base,
        kind,
        contract: this.pos.contract,
        address: addressId(this.pos.address),
        topic0: this.pos.topics[0] ?? null,
        topics: this.pos.topics,
        data: this.pos.data,
        message,
        blockNumber: this.pos.blockNumber,
        logIndex: this.pos.logIndex,
        txHash: this.pos.txHash,
        field: detail.field ?? null,
        original: detail.original ?? null,
      }),
    )
  }
}

/** A {@link HandlerContext.afterMainPass} task and the position of the log that queued it. */
export type LaterTask = { prefetch: (p: Prefetch) => void; apply: () => void; pos: LogPosition }

/**
 * A new account row with zero totals.
 *
 * @example
 * newAccount('0xabc', 12)
 */
export function newAccount(id: string, block: number): Account {
  return new Account({
    id,
    openBalance: 0n,
    wopenBalance: 0n,
    gopenBalance: 0n,
    votingPower: 0n,
    delegate: null,
    contributionCount: 0,
    contributorEarned: 0n,
    inferenceCount: 0,
    inferenceFeesPaid: 0n,
    gasUsed: 0n,
    txFeesPaid: 0n,
    firstSeenBlock: block,
  })
}

type Stub = (id: string, c: HandlerContext) => EntityWithId

/**
 * Rows created on first reference, before (or without) the event that describes them: only the
 * id and zeroed counters are set, so any subset of contracts can be indexed.
 */
export const STUBS = new Map<EntityClass, Stub>([
  [
    Datanet,
    (id) =>
      new Datanet({
        id,
        contributionCount: 0,
        acceptedCount: 0,
        rejectedCount: 0,
        versionCount: 0,
        contributorRewards: 0n,
      }),
  ],
  [
    Model,
    (id) =>
      new Model({
        id,
        inferenceCount: 0,
        settledCount: 0,
        revenue: 0n,
        ownerRevenue: 0n,
        fundingReceived: 0n,
        upstreamReceived: 0n,
        upstreamPaid: 0n,
      }),
  ],
  [
    Agent,
    (id) =>
      new Agent({
        id,
        paused: false,
        actionCount: 0,
        revenue: 0n,
        modelCost: 0n,
        margin: 0n,
        refunded: 0n,
        reclaimedCount: 0,
      }),
  ],
  [Contribution, (id) => new Contribution({ id, earned: 0n, rewardCount: 0, tags: null, status: null })],
  [
    Validator,
    (id, c) =>
      new Validator({
        id,
        account: c.account(id),
        bonded: 0n,
        unbonding: 0n,
        withdrawn: 0n,
        slashed: 0n,
        slashCount: 0,
        settlementCount: 0,
      }),
  ],
  [
    DailyStat,
    (id) =>
      new DailyStat({
        id,
        date: new Date(`${id}T00:00:00.000Z`),
        inferences: 0,
        settlements: 0,
        inferenceFees: 0n,
        contributorRewards: 0n,
        protocolRevenue: 0n,
        contributions: 0,
        acceptedContributions: 0,
        transfers: 0,
        wrapped: 0n,
        unwrapped: 0n,
        votes: 0,
        gasUsed: 0n,
        l1Fees: 0n,
        transactions: 0,
      }),
  ],
  [
    TokenSupply,
    (id) =>
      new TokenSupply({
        id,
        token: id as Token,
        totalSupply: 0n,
        wrapped: 0n,
        unwrapped: 0n,
        transferCount: 0,
      }),
  ],
])

export { AnomalyKind }
