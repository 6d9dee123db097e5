import { describe, expect, it } from 'vitest'
import { addCreated, type CreatedContracts } from './createdContracts'
import { ingestFinalizedLogs, type RpcCaller } from './ingestFinalizedLogs'

const word = (n: number | string) => `0x${n.toString(16).padStart(64, '0')}`
const addr = (tag: string) => `0x${tag.repeat(40 / tag.length)}`
const TOKEN = addr('a0') // a manifest token: its Transfer shares the topic with the created tokens'
const FACTORY = addr('f0')
const CHILD_X = addr('c1')
const CHILD_Y = addr('c2')
const STRANGER = addr('5e') // emits Transfer too; no factory of ours created it
const TRANSFER = word('dd')
const CREATED = word('cc')
const OTHER = word('ee')

type Log = { address: string; topics: string[]; data: string; block: number }

/** A node holding `logs` (one transaction each); records every eth_getLogs filter it is sent. */
function node(logs: Log[]) {
  const filters: { address?: string[]; topics?: string[][]; from: number; to: number }[] = []
  const rpc: RpcCaller = {
    async call(method, params) {
      if (method !== 'eth_getLogs') throw new Error(method)
      const f = (
        params as { fromBlock: string; toBlock: string; address?: string[]; topics?: string[][] }[]
      )[0]
      const from = Number(f.fromBlock)
      const to = Number(f.toBlock)
      filters.push({ address: f.address, topics: f.topics, from, to })
      return logs
        .map((l, i) => ({ ...l, i }))
        .filter(
          (l) =>
            l.block >= from &&
            l.block <= to &&
            (!f.address || f.address.map((a) => a.toLowerCase()).includes(l.address)) &&
            (!f.topics?.[0] || f.topics[0].includes(l.topics[0] as string)),
        )
        .map((l) => ({
          address: l.address,
          topics: l.topics,
          data: l.data,
          blockNumber: `0x${l.block.toString(16)}`,
          blockHash: word(1000 + l.block),
          blockTimestamp: `0x${(1000 + l.block).toString(16)}`,
          transactionHash: word(l.i + 1),
          transactionIndex: `0x${l.i.toString(16)}`,
          logIndex: `0x${l.i.toString(16)}`,
        }))
    },
    async batchCall(batch) {
      return batch.map(({ method, params = [] }) => {
        if (method !== 'eth_getBlockByNumber') throw new Error(method)
        const n = Number(params[0])
        return { hash: word(1000 + n), parentHash: word(999 + n), timestamp: `0x${(1000 + n).toString(16)}` }
      })
    },
  }
  return { rpc, filters }
}

// The created address in topic 1, as ShareTokenCreated's indexed `token`; a log without it does
// not decode (the reader throws, as a typegen'd decoder does).
const created = (maxAddresses?: number): CreatedContracts => ({
  factories: [{ address: FACTORY, topic0: [CREATED] }],
  childOf(log) {
    const t = log.topics[1]
    if (!t || t.length !== 66) throw new Error('does not decode')
    return `0x${t.slice(26)}`
  },
  maxAddresses,
})

const transfer = (address: string, block: number): Log => ({ address, topics: [TRANSFER], data: '0x', block })
const creation = (child: string, block: number): Log => ({
  address: FACTORY,
  topics: [CREATED, `0x${child.slice(2).padStart(64, '0')}`],
  data: '0x',
  block,
})

const CHAIN: Log[] = [
  ...Array.from({ length: 12 }, (_, b) => transfer(TOKEN, b)),
  creation(CHILD_X, 2),
  { address: FACTORY, topics: [CREATED], data: '0x', block: 3 }, // malformed: creates nothing
  transfer(CHILD_X, 5),
  transfer(STRANGER, 6),
  { address: STRANGER, topics: [CREATED, `0x${CHILD_Y.slice(2).padStart(64, '0')}`], data: '0x', block: 6 },
  creation(CHILD_Y, 7),
  transfer(CHILD_Y, 7),
  { address: CHILD_X, topics: [OTHER], data: '0x', block: 8 }, // a topic not asked for
  transfer(CHILD_X, 9),
]

async function ingest(
  rpc: RpcCaller,
  from: number,
  opts: { created?: CreatedContracts; targetLogs?: number },
) {
  const got: string[] = []
  const requests = [
    {
      range: { from, to: 11 },
      request: { logs: [{ address: [TOKEN] }, { address: [FACTORY] }, { topic0: [TRANSFER] }] },
    },
  ]
  for await (const batch of ingestFinalizedLogs({
    rpc,
    requests,
    getFinalizedHeight: async () => 11,
    stopOnHead: true,
    targetLogs: opts.targetLogs ?? 2,
    concurrency: 4,
    created: opts.created,
  }))
    for (const b of batch.blocks)
      for (const l of b.logs) got.push(`${b.header.height}:${l.address}:${l.topics[0]}`)
  return got
}

const expected = (from: number, extra: string[] = []) =>
  [
    ...CHAIN.filter(
      (l) =>
        l.block >= from &&
        (l.address === TOKEN ||
          l.address === FACTORY ||
          (l.topics[0] === TRANSFER && [CHILD_X, CHILD_Y, ...extra].includes(l.address))),
    ).map((l) => `${l.block}:${l.address}:${l.topics[0]}`),
  ].sort()

describe('logs of contracts created at run time', () => {
  it('are asked for by address: the created contracts only, from the stride of their creation on', async () => {
    const { rpc, filters } = node(CHAIN)
    const got = await ingest(rpc, 0, { created: created() })
    expect([...got].sort()).toEqual(expected(0))
    expect(new Set(got).size).toBe(got.length)
    // No request by topic alone: the stranger's and the token's Transfers are never fetched twice.
    expect(filters.filter((f) => !f.address)).toEqual([])
    const byChildren = filters.filter((f) => f.address?.includes(CHILD_X) || f.address?.includes(CHILD_Y))
    expect(byChildren.length).toBeGreaterThan(1)
    for (const f of byChildren) {
      expect(f.topics).toEqual([[TRANSFER]])
      // A contract is asked for only from a stride that holds its creation or comes after it.
      if (f.address?.includes(CHILD_X)) expect(f.to).toBeGreaterThanOrEqual(2)
      if (f.address?.includes(CHILD_Y)) expect(f.to).toBeGreaterThanOrEqual(7)
    }
  })

  it('started past a creation, finds the contracts created before from the factories’ logs', async () => {
    const { rpc, filters } = node(CHAIN)
    const got = await ingest(rpc, 6, { created: created() })
    expect([...got].sort()).toEqual(expected(6))
    expect(filters).toContainEqual({ address: [FACTORY], topics: [[CREATED]], from: 0, to: 5 })
    // From the factories' first block when known.
    const later = node(CHAIN)
    expect([...(await ingest(later.rpc, 6, { created: { ...created(), from: 2 } }))].sort()).toEqual(
      expected(6),
    )
    expect(later.filters).toContainEqual({ address: [FACTORY], topics: [[CREATED]], from: 2, to: 5 })
  })

  it('asks by topic from any address again past the cap, each log still once', async () => {
    const { rpc, filters } = node(CHAIN)
    const got = await ingest(rpc, 0, { created: created(1), targetLogs: 100 })
    // The stranger's Transfer comes too (the handler drops it: no factory of ours created it).
    expect([...got].sort()).toEqual(expected(0, [STRANGER]))
    expect(new Set(got).size).toBe(got.length)
    expect(filters.some((f) => !f.address && f.topics?.[0]?.includes(TRANSFER))).toBe(true)
  })

  it('without a way to find them, asks by topic from any address as before', async () => {
    const { rpc } = node(CHAIN)
    const got = await ingest(rpc, 0, {})
    expect([...got].sort()).toEqual(expected(0, [STRANGER]))
    expect(new Set(got).size).toBe(got.length)
  })

  it('keeps only what was asked for when a node answers by address with other logs', async () => {
    const honest = node(CHAIN).rpc
    const rpc: RpcCaller = {
      ...honest,
      async call(method, params) {
        const out = (await honest.call(method, params)) as { address: string }[]
        const f = (params as { address?: string[] }[])[0]
        // Asked for the created contracts: adds the token's and the stranger's logs.
        if (f.address?.includes(CHILD_X))
          return out.concat(((await honest.call(method, [{ ...f, address: [TOKEN, STRANGER] }])) as []) ?? [])
        return out
      },
    }
    const got = await ingest(rpc, 0, { created: created() })
    expect([...got].sort()).toEqual(expected(0))
  })
})

describe('addCreated', () => {
  it('adds the contracts only a listed factory’s creation log names, keeping the same set when none is new', () => {
    const c = created()
    const known = new Set<string>()
    const raw = (l: Log) => ({
      address: l.address.toUpperCase().replace('0X', '0x'),
      topics: l.topics,
      data: l.data,
    })
    const once = addCreated(c, known, CHAIN.map(raw))
    expect([...once].sort()).toEqual([CHILD_X, CHILD_Y])
    expect(addCreated(c, once, CHAIN.map(raw))).toBe(once)
    expect(addCreated(c, known, [raw(transfer(TOKEN, 1))])).toBe(known)
  })
})
