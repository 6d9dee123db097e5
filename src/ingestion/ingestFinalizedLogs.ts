import type { DataBatch } from './coalesceBatches'
import { addCreated, type CreatedContracts, type KnownChildren } from './createdContracts'
import { InconsistentRangeError } from './errors'

/** The part of Subsquid's `RpcClient` this module uses. */
export type RpcCaller = {
  call(method: string, params?: unknown[]): Promise<unknown>
  batchCall(calls: { method: string; params?: unknown[] }[]): Promise<unknown[]>
}

/** What the batch handler reads of a block (the shape Subsquid's RPC data source maps to). */
export type IngestedBlock = {
  header: { height: number; hash: string; parentHash?: string; timestamp: number }
  logs: IngestedLog[]
  transactions: IngestedTransaction[]
  traces: never[]
  stateDiffs: never[]
}

export type IngestedLog = {
  id: string
  logIndex: number
  transactionIndex: number
  address: string
  topics: string[]
  data: string
  transactionHash: string
  block: IngestedBlock['header']
  transaction?: IngestedTransaction
}

export type IngestedTransaction = {
  hash: string
  transactionIndex: number
  from: string
  to?: string
  gasUsed: bigint
  /** For a mined transaction nodes report the effective price as `gasPrice` too (geth, op-geth, anvil). */
  gasPrice?: bigint
  effectiveGasPrice?: bigint
  l1Fee?: bigint
  l1GasUsed?: bigint
}

/**
 * Addresses whose logs are wanted, those whose logs also need the emitting transaction's receipt,
 * and topics wanted from any address (contracts created at run time; never with receipts).
 */
export type LogSelection = { addresses: string[]; withTransaction: Set<string>; topic0: string[] }

/** A Subsquid range request list: consecutive block ranges, each with its data request. */
// biome-ignore lint/suspicious/noExplicitAny: Subsquid's internal DataRequest
export type RangeRequests = { range: { from: number; to?: number }; request: any }[]

/**
 * The log selection of a Subsquid data request, when this module can serve it: only log requests
 * filtered by address alone (any `transaction` flag) or by topic0 alone (no `transaction`), no
 * transaction, trace or state-diff items.
 * Undefined otherwise (the caller then keeps Subsquid's own ingestion).
 *
 * @example
 * selectLogs({ logs: [{ address: ['0xab…'], transaction: true }] }) // { addresses: ['0xab…'], withTransaction: Set {'0xab…'} }
 */
// biome-ignore lint/suspicious/noExplicitAny: Subsquid's internal DataRequest
export function selectLogs(request: any): LogSelection | undefined {
  if (!request) return { addresses: [], withTransaction: new Set(), topic0: [] }
  if (request.transactions?.length || request.traces?.length || request.stateDiffs?.length) return undefined
  const addresses = new Set<string>()
  const withTransaction = new Set<string>()
  const topic0 = new Set<string>()
  for (const l of request.logs ?? []) {
    if (isTopicOnly(l)) {
      for (const t of l.topic0 as string[]) topic0.add(t.toLowerCase())
      continue
    }
    const extra = Object.keys(l).filter((k) => !['address', 'transaction', 'range'].includes(k) && l[k])
    if (extra.length || !Array.isArray(l.address)) return undefined
    for (const a of l.address as string[]) {
      addresses.add(a.toLowerCase())
      if (l.transaction) withTransaction.add(a.toLowerCase())
    }
  }
  return { addresses: [...addresses], withTransaction, topic0: [...topic0] }
}

// biome-ignore lint/suspicious/noExplicitAny: Subsquid's internal log request
function isTopicOnly(l: any): boolean {
  const set = Object.keys(l).filter((k) => k !== 'range' && l[k])
  return set.length === 1 && set[0] === 'topic0' && Array.isArray(l.topic0)
}

export type IngestOptions = {
  rpc: RpcCaller
  requests: RangeRequests
  /** Highest final block now (the node's head minus the finality depth). */
  getFinalizedHeight: () => Promise<number>
  /** End when the finalized head is reached instead of waiting for more blocks. */
  stopOnHead?: boolean
  /** @default 250 ms */
  headPollIntervalMs?: number
  /** Logs a stride aims at (its block count adapts to the observed density). @default 5000 */
  targetLogs?: number
  /** @default 2000 */
  maxStrideBlocks?: number
  /** Strides fetched ahead of the consumer. @default 4 */
  concurrency?: number
  /**
   * How to find the contracts factories create: their logs are then asked for by address (those
   * created so far) instead of by topic from any address. Without it, by topic.
   */
  created?: CreatedContracts
}

type Stride = { from: number; to: number; selection: LogSelection; isHead: boolean }

/**
 * Finalized-range ingestion for log-only requests: `eth_getLogs` over wide strides (filtered by
 * address on the node), then receipts only for the transactions whose logs asked for them
 * (`transaction: true`), then a header only where the logs do not carry the block timestamp and for
 * a stride's last block when it has no logs. Compared with Subsquid's RPC ingestion (10-block
 * splits, every block with all its transactions plus all its receipts) the node serves only what
 * the handlers read. Blocks without logs are left out, except each stride's last block (the
 * commit's progress marker). Strides are fetched `concurrency` ahead of the consumer.
 *
 * Consistency: every log and receipt of a block must carry the same block hash (else the stride is
 * fetched again, up to 10 times, then {@link InconsistentRangeError}).
 *
 * @throws {InconsistentRangeError} when a stride stays inconsistent.
 * @example
 * for await (const batch of ingestFinalizedLogs({ rpc, requests, getFinalizedHeight })) handle(batch)
 */
export async function* ingestFinalizedLogs(opts: IngestOptions): AsyncGenerator<DataBatch<IngestedBlock>> {
  const targetLogs = opts.targetLogs ?? 5000
  const maxStride = opts.maxStrideBlocks ?? 2000
  const concurrency = opts.concurrency ?? 4
  let density = 0 // logs per block seen so far (0: unknown)
  let top = await opts.getFinalizedHeight()

  async function* strides(): AsyncGenerator<Stride> {
    for (const req of opts.requests) {
      const selection = selectLogs(req.request) as LogSelection
      let beg = req.range.from
      const end = req.range.to ?? Number.POSITIVE_INFINITY
      while (beg <= end && !isStopped()) {
        while (top < beg) {
          if (opts.stopOnHead || isStopped()) return
          await sleep(opts.headPollIntervalMs ?? 250)
          top = await opts.getFinalizedHeight()
        }
        const size = density > 0 ? Math.max(1, Math.min(maxStride, Math.round(targetLogs / density))) : 10
        const to = Math.min(beg + size - 1, top, end)
        yield { from: beg, to, selection, isHead: to >= top }
        beg = to + 1
        if (beg > top) top = await opts.getFinalizedHeight()
      }
    }
  }

  // A producer fetches strides ahead into a bounded queue; the consumer yields them in order.
  const queue: Promise<DataBatch<IngestedBlock>>[] = []
  let produced = false
  let stopped = false
  let wakeConsumer: (() => void) | undefined
  let wakeProducer: (() => void) | undefined
  // Each stride's created contracts are those of the strides before it plus its own creations:
  // strides are fetched concurrently, but each one's request by address waits for the set of
  // the one before (its own logs by address do not).
  let known: Promise<KnownChildren> | undefined
  const producer = (async () => {
    for await (const stride of strides()) {
      while (queue.length >= concurrency && !stopped) await new Promise<void>((r) => (wakeProducer = r))
      if (stopped) return
      let children: Children | undefined
      if (opts.created && stride.selection.topic0.length) {
        known ??= createdBefore(opts.rpc, opts.created, stride.from)
        children = { created: opts.created, before: known }
      }
      const fetched = fetchStride(opts.rpc, stride, children)
      if (children) {
        known = fetched.then((f) => f.known as KnownChildren)
        known.catch(() => {}) // the stride's own promise reports the failure
      }
      const p = fetched.then(({ blocks }) => {
        const logs = blocks.reduce((n, b) => n + b.logs.length, 0)
        const d = Math.max(logs / (stride.to - stride.from + 1), 1e-3)
        density = density === 0 ? d : (density + d) / 2
        return { blocks, isHead: stride.isHead }
      })
      p.catch(() => {}) // observed when its turn comes
      queue.push(p)
      wakeConsumer?.()
    }
  })()
    .catch((err: unknown) => {
      const p = Promise.reject(err)
      p.catch(() => {})
      queue.push(p)
    })
    .finally(() => {
      produced = true
      wakeConsumer?.()
    })
  try {
    while (true) {
      const next = queue.shift()
      if (next) {
        wakeProducer?.()
        yield await next
      } else if (produced) {
        return
      } else {
        await new Promise<void>((r) => (wakeConsumer = r))
      }
    }
  } finally {
    stopped = true
    wakeProducer?.()
    void producer
  }

  function isStopped() {
    return stopped
  }
}

/** Where a stride finds the created contracts whose logs it asks for by address. */
type Children = { created: CreatedContracts; before: Promise<KnownChildren> }

/** The contracts the factories created below `height` (a run that does not start at genesis). */
async function createdBefore(
  rpc: RpcCaller,
  created: CreatedContracts,
  height: number,
): Promise<KnownChildren> {
  const from = created.from ?? 0
  if (height <= from || created.factories.length === 0) return new Set()
  const logs = await getLogs(
    rpc,
    {
      address: created.factories.map((f) => f.address),
      topics: [[...new Set(created.factories.flatMap((f) => f.topic0))]],
    },
    from,
    height - 1,
  )
  return addCreated(created, new Set(), logs)
}

type Fetched = { blocks: IngestedBlock[]; known?: KnownChildren }

async function fetchStride(rpc: RpcCaller, stride: Stride, children?: Children): Promise<Fetched> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await tryFetchStride(rpc, stride, children)
    } catch (err) {
      if (!(err instanceof InconsistentRangeError) || attempt >= 10) throw err
      await sleep(100 * attempt)
    }
  }
}

// biome-ignore lint/suspicious/noExplicitAny: JSON-RPC results
type Json = any

async function tryFetchStride(rpc: RpcCaller, stride: Stride, children?: Children): Promise<Fetched> {
  const { selection } = stride
  const addressed = selection.addresses.length
    ? getLogs(rpc, { address: selection.addresses }, stride.from, stride.to)
    : Promise.resolve([])
  let known: KnownChildren | undefined
  let anyAddress = !children // the topic request from any address (may repeat a manifest log)
  const [byAddress, byTopic] = await Promise.all([
    addressed,
    !selection.topic0.length
      ? []
      : !children
        ? getLogs(rpc, { topics: [selection.topic0] }, stride.from, stride.to)
        : (async () => {
            known = addCreated(children.created, await children.before, await addressed)
            if (known.size === 0) return []
            // Past the cap, by topic: one request whatever the number of created contracts.
            anyAddress = known.size > (children.created.maxAddresses ?? 1000)
            if (anyAddress) return getLogs(rpc, { topics: [selection.topic0] }, stride.from, stride.to)
            const wanted = known
            const logs = await getLogs(
              rpc,
              { address: [...wanted], topics: [selection.topic0] },
              stride.from,
              stride.to,
            )
            // Only what was asked for: then no log can also be in the manifest contracts' answer.
            const manifest = new Set(selection.addresses)
            return logs.filter((l: Json) => {
              const a = String(l.address).toLowerCase()
              return wanted.has(a) && !manifest.has(a)
            })
          })(),
  ])
  const rawLogs = anyAddress ? mergeLogs(byAddress, byTopic) : byAddress.concat(byTopic)
  const byHeight = new Map<number, IngestedBlock>()
  const txsWanted = new Map<string, number>() // tx hash -> block height
  for (const raw of rawLogs) {
    if (raw.removed) throw new InconsistentRangeError(qty(raw.blockNumber), 'removed log')
    const height = qty(raw.blockNumber)
    let block = byHeight.get(height)
    if (!block) {
      const ts = raw.blockTimestamp
      block = newBlock(height, raw.blockHash, ts == null ? Number.NaN : qty(ts) * 1000)
      byHeight.set(height, block)
    } else if (block.header.hash !== raw.blockHash) {
      throw new InconsistentRangeError(height, 'logs of one block carry different block hashes')
    }
    const logIndex = qty(raw.logIndex)
    block.logs.push({
      id: '',
      logIndex,
      transactionIndex: qty(raw.transactionIndex),
      address: String(raw.address).toLowerCase(),
      topics: raw.topics,
      data: raw.data,
      transactionHash: raw.transactionHash,
      block: block.header,
    })
    if (selection.withTransaction.has(String(raw.address).toLowerCase()))
      txsWanted.set(raw.transactionHash, height)
  }
  if (!byHeight.has(stride.to)) byHeight.set(stride.to, newBlock(stride.to, '', Number.NaN))
  const headersWanted = [...byHeight.values()].filter(
    (b) => !b.header.hash || Number.isNaN(b.header.timestamp),
  )

  const [headers, receipts] = await Promise.all([
    headersWanted.length
      ? rpc.batchCall(
          headersWanted.map((b) => ({
            method: 'eth_getBlockByNumber',
            params: [toQty(b.header.height), false],
          })),
        )
      : [],
    getReceipts(rpc, txsWanted, byHeight),
  ])
  headersWanted.forEach((b, i) => {
    const h: Json = headers[i]
    if (h == null) throw new InconsistentRangeError(b.header.height, 'finalized block not found')
    if (b.header.hash && b.header.hash !== h.hash)
      throw new InconsistentRangeError(b.header.height, 'block hash of logs and header differ')
    b.header.hash = h.hash
    b.header.parentHash = h.parentHash
    b.header.timestamp = qty(h.timestamp) * 1000
  })
  const txByHash = new Map<string, IngestedTransaction>()
  for (const r of receipts) {
    const block = byHeight.get(qty(r.blockNumber))
    if (!block || block.header.hash !== r.blockHash)
      throw new InconsistentRangeError(qty(r.blockNumber), 'receipt of a different block')
    const tx: IngestedTransaction = {
      hash: r.transactionHash,
      transactionIndex: qty(r.transactionIndex),
      from: r.from,
      to: r.to ?? undefined,
      gasUsed: BigInt(r.gasUsed),
      gasPrice: optBig(r.effectiveGasPrice),
      effectiveGasPrice: optBig(r.effectiveGasPrice),
      l1Fee: optBig(r.l1Fee),
      l1GasUsed: optBig(r.l1GasUsed),
    }
    txByHash.set(tx.hash, tx)
    block.transactions.push(tx)
  }

  const blocks = [...byHeight.values()].sort((a, b) => a.header.height - b.header.height)
  for (const block of blocks) {
    block.logs.sort((a, b) => a.logIndex - b.logIndex)
    block.transactions.sort((a, b) => a.transactionIndex - b.transactionIndex)
    const prefix = `${String(block.header.height).padStart(10, '0')}-${block.header.hash.slice(2, 7)}`
    for (const log of block.logs) {
      log.id = `${prefix}-${String(log.logIndex).padStart(6, '0')}`
      if (selection.withTransaction.has(log.address)) log.transaction = txByHash.get(log.transactionHash)
    }
  }
  return { blocks, known }
}

/** Wanted transactions in a block from which its receipts are fetched whole (dense blocks only). */
const MIN_BLOCK_RECEIPTS = 16

/** Nodes that answered `eth_getBlockReceipts` with an error (they get per-transaction calls). */
const noBlockReceipts = new WeakSet<RpcCaller>()

/**
 * Receipts of the wanted transactions: `eth_getBlockReceipts` for a dense block, where they are
 * at least {@link MIN_BLOCK_RECEIPTS} and half of its transactions (judged by the highest
 * transaction index among its logs; anvil serves a 500-transaction block's receipts in about half
 * the time of fetching them one by one), else `eth_getTransactionReceipt` each.
 */
async function getReceipts(
  rpc: RpcCaller,
  wanted: Map<string, number>,
  byHeight: Map<number, IngestedBlock>,
): Promise<Json[]> {
  if (wanted.size === 0) return []
  const perBlock = new Map<number, number>()
  for (const height of wanted.values()) perBlock.set(height, (perBlock.get(height) ?? 0) + 1)
  const whole = new Set<number>()
  if (!noBlockReceipts.has(rpc)) {
    for (const [height, n] of perBlock) {
      const logs = byHeight.get(height)?.logs ?? []
      const txCount = logs.reduce((m, l) => Math.max(m, l.transactionIndex + 1), 0)
      if (n >= MIN_BLOCK_RECEIPTS && n * 2 >= txCount) whole.add(height)
    }
  }
  const single = [...wanted].filter(([, height]) => !whole.has(height)).map(([hash]) => hash)
  const heights = [...whole]
  const [blocks, singles] = await Promise.all([
    heights.length
      ? rpc
          .batchCall(heights.map((h) => ({ method: 'eth_getBlockReceipts', params: [toQty(h)] })))
          .catch((err: Error) => {
            if (err.name !== 'RpcError') throw err
            noBlockReceipts.add(rpc)
            return undefined
          })
      : [],
    single.length
      ? rpc.batchCall(single.map((h) => ({ method: 'eth_getTransactionReceipt', params: [h] })))
      : [],
  ])
  if (blocks === undefined) return getReceipts(rpc, wanted, byHeight)
  const out: Json[] = []
  heights.forEach((height, i) => {
    const rs = blocks[i] as Json[] | null
    if (rs == null) throw new InconsistentRangeError(height, 'block receipts not found')
    let found = 0
    for (const r of rs) {
      if (wanted.has(r.transactionHash)) {
        out.push(r)
        found++
      }
    }
    if (found !== perBlock.get(height))
      throw new InconsistentRangeError(height, 'block receipts miss transactions')
  })
  for (const r of singles) {
    if (r == null) throw new InconsistentRangeError(wanted.values().next().value ?? 0, 'receipt not found')
    out.push(r)
  }
  return out
}

/** Logs of both requests, each log once (a manifest contract's log may match a topic request too). */
function mergeLogs(a: Json[], b: Json[]): Json[] {
  if (b.length === 0) return a
  if (a.length === 0) return b
  const seen = new Set(a.map((l) => `${l.blockHash}:${l.logIndex}`))
  return a.concat(b.filter((l) => !seen.has(`${l.blockHash}:${l.logIndex}`)))
}

/** `eth_getLogs`, halving the range when the node refuses a response that big. */
async function getLogs(
  rpc: RpcCaller,
  filter: { address?: string[]; topics?: string[][] },
  from: number,
  to: number,
): Promise<Json[]> {
  try {
    return (await rpc.call('eth_getLogs', [
      { fromBlock: toQty(from), toBlock: toQty(to), ...filter },
    ])) as Json[]
  } catch (err) {
    // Subsquid's RpcClient rejects with RpcError for a node's JSON-RPC error (connection errors are retried inside).
    if ((err as Error).name !== 'RpcError' || from === to) throw err
    const mid = Math.floor((from + to) / 2)
    const [a, b] = await Promise.all([getLogs(rpc, filter, from, mid), getLogs(rpc, filter, mid + 1, to)])
    return a.concat(b)
  }
}

function newBlock(height: number, hash: string, timestamp: number): IngestedBlock {
  return { header: { height, hash, timestamp }, logs: [], transactions: [], traces: [], stateDiffs: [] }
}

const qty = (v: string): number => Number.parseInt(v, 16)
const optBig = (v: string | null | undefined): bigint | undefined => (v == null ? undefined : BigInt(v))
const toQty = (n: number): string => `0x${n.toString(16)}`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
