import { createLogger } from '@subsquid/logger'
import { encodeAbiParameters } from 'viem'
import { describe, expect, it } from 'vitest'
import { events as sharesEvents } from '../abi/ModelShares'
import { events as factoryEvents } from '../abi/ShareAmmFactory'
import { events as pairEvents } from '../abi/ShareAmmPair'
import type { Manifest } from '../manifest/manifest'
import { handlersByName } from '../processor/handlersByName'
import type { BatchContext } from './batchContext'
import { BatchDecoder } from './batchDecoder'
import { DynamicRoutes } from './dynamicContracts'

type Block = BatchContext['blocks'][number]

const log = createLogger('test:dynamicContracts')
const entry = (n: number) => ({ address: `0x${String(n).padStart(40, '0')}` as `0x${string}`, startBlock: n })
const withFactories = {
  version: 1,
  chainId: 31337,
  contracts: { WOPEN: entry(1), ModelShares: entry(7), ShareAmmFactory: entry(5) },
} as Manifest
const TRANSFER = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef'
const word = (n: number) => `0x${n.toString(16).padStart(64, '0')}`

function block(logs: { address: string; topics: string[]; data: string }[]): Block {
  return {
    header: { height: 10, hash: '0xab', timestamp: 1_700_000_000_000 },
    logs: logs.map((l, logIndex) => ({ ...l, logIndex, transactionHash: '0xcd' })),
    transactions: [],
  } as unknown as Block
}

describe('DynamicRoutes', () => {
  it('requests the created contracts’ topics from the earliest factory, only when a factory is indexed', () => {
    const req = new DynamicRoutes(withFactories, handlersByName).request()
    expect(req?.from).toBe(5)
    expect(req?.topic0).toContain(TRANSFER)
    expect(req?.topic0).toContain(pairEvents.Swap.topic)
    expect(new Set(req?.topic0).size).toBe(req?.topic0.length)
    const tokenOnly = { ...withFactories, contracts: { WOPEN: entry(1) } } as Manifest
    expect(new DynamicRoutes(tokenOnly, handlersByName).request()).toBeUndefined()
  })

  it('decodes logs of unknown addresses with a created-contract topic, drops the rest silently', async () => {
    const decoder = new BatchDecoder(withFactories, handlersByName)
    const other = `0x${'ee'.repeat(20)}`
    const decoded = await decoder.take(
      [
        block([
          // ERC-20 Transfer of some address: decoded (the handler decides from the rows).
          { address: other, topics: [TRANSFER, word(1), word(2)], data: word(5) },
          // ERC-721 Transfer (4 topics): not an ERC-20 Transfer, dropped without an anomaly.
          { address: other, topics: [TRANSFER, word(1), word(2), word(3)], data: '0x' },
          // A topic no factory's creations emit.
          { address: other, topics: [word(99)], data: '0x' },
          // Garbage under a pair topic: dropped, not an anomaly (the address may not be ours).
          { address: other, topics: [pairEvents.Sync.topic], data: '0x01' },
        ]),
      ],
      log,
    )
    expect(decoded.items.map((i) => [i.pos.logIndex, i.pos.contract])).toEqual([[0, 'created']])
    expect(decoded.anomalies).toEqual([])
    expect(decoded.events).toBe(0)
  })

  it('keeps a log listed twice (address and topic request) once', async () => {
    const decoder = new BatchDecoder(withFactories, handlersByName)
    const wopen = withFactories.contracts.WOPEN!.address.toLowerCase()
    const l = { address: wopen, topics: [TRANSFER, word(1), word(2)], data: word(5) }
    const b = block([l])
    b.logs.push({ ...b.logs[0] })
    const decoded = await decoder.take([b], log)
    expect(decoded.items).toHaveLength(1)
    expect(decoded.items[0].pos.contract).toBe('WOPEN')
  })

  it('reads the created address from each factory’s creation log, nothing from other logs', () => {
    const creations = new DynamicRoutes(withFactories, handlersByName).factoryCreations()
    const shares = withFactories.contracts.ModelShares!.address.toLowerCase()
    const amm = withFactories.contracts.ShareAmmFactory!.address.toLowerCase()
    expect(creations?.factories).toEqual(
      expect.arrayContaining([
        { address: shares, topic0: [sharesEvents.ShareTokenCreated.topic] },
        { address: amm, topic0: [factoryEvents.PairCreated.topic] },
      ]),
    )
    const token = `0x${'Ab'.repeat(20)}`
    const pair = `0x${'cd'.repeat(20)}`
    const tokenCreated = {
      address: shares,
      topics: [
        sharesEvents.ShareTokenCreated.topic,
        word(7),
        `0x${token.slice(2).padStart(64, '0')}`,
        word(3),
      ],
      data: encodeAbiParameters(
        [{ type: 'string' }, { type: 'string' }, { type: 'uint256' }],
        ['M7', 'M7S', 10n],
      ),
    }
    expect(creations?.from).toBe(5)
    expect(creations?.childOf(tokenCreated)).toBe(token.toLowerCase())
    const pairCreated = {
      address: amm,
      topics: [factoryEvents.PairCreated.topic, word(1), word(2)],
      data: encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [pair as `0x${string}`, 1n]),
    }
    expect(creations?.childOf(pairCreated)).toBe(pair.toLowerCase())
    // The same event from another address, or another event of the factory: no creation.
    expect(creations?.childOf({ ...pairCreated, address: shares })).toBeUndefined()
    expect(creations?.childOf({ ...pairCreated, topics: [TRANSFER, word(1), word(2)] })).toBeUndefined()
    // A factory without `creates` leaves its contracts to the topic request.
    const bare = {
      ...handlersByName,
      ShareAmmFactory: { ...handlersByName.ShareAmmFactory, creates: undefined },
    }
    expect(new DynamicRoutes(withFactories, bare).factoryCreations()).toBeUndefined()
    expect(new DynamicRoutes(withFactories, bare).request()?.topic0).toContain(TRANSFER)
  })
})
