import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type Address, parseEther } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ApiServer, startApiServer } from '../../src/api'
import { writeManifest } from '../../src/manifest/manifest'
import {
  addLiquidity,
  createPool,
  MAGNITUDE,
  modelShareTokenAbi,
  reserves,
  shareAmmPairAbi,
  swap,
  tokenBalance,
  transferToken,
} from '../contracts/ai/shares'
import { read } from '../contracts/ai/simulate'
import { ROOT, setupChain, type TestChain } from '../setup/chain'
import { startAll } from '../setup/startAll'
import { startCappedHeadProxy } from './helpers/cappedHeadProxy'
import { setupDatabase, type TestDatabase } from './helpers/database'
import { digestTables } from './helpers/digest'
import { startIndexer } from './helpers/indexUntil'
import { killIndexerAbove, resumeToHead } from './helpers/killAndResume'
import { anvilReorg } from './helpers/rpc'
import { revenue, runShareMarket, type ShareMarket } from './helpers/shareMarket'
import { deployAndRunWorkload, type Workload } from './helpers/workload'

const FINALITY = 5

let chain: TestChain
let db: TestDatabase
let w: Workload
let market: ShareMarket
/** A share token deployed directly, not by ModelShares: its logs carry the same topics and must be ignored. */
let rogue: Address

beforeAll(async () => {
  ;[chain, db] = await startAll([setupChain(), setupDatabase()])
  w = await deployAndRunWorkload(chain, { inferences: 1 })
  market = await runShareMarket(chain, w)
  rogue = await chain.deploy(
    'ModelShareToken',
    ['Rogue', 'RGE', 1000n, chain.accounts[9], 1n, w.stack.models, w.stack.router],
    { from: 9 },
  )
  await transferToken(chain, chain.wallets[9], rogue, chain.accounts[3], 10n)
  await revenue(chain, 9, rogue, 777n)
}, 240_000)

afterAll(async () => {
  await Promise.all([chain?.stop(), db?.stop()])
})

const latest = () => chain.publicClient.getBlock({ blockTag: 'latest' })
const token = (functionName: string, args: readonly unknown[] = []) =>
  read<bigint>(chain, { address: market.token, abi: modelShareTokenAbi, functionName, args })
const lc = (a: string) => a.toLowerCase()

/** Every share-market row the indexer holds, compared with what the chain says through viem. */
async function expectIndexEqualsChain(settings = db.settings) {
  const q = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    db.query<T>(sql, params, settings)
  const [t] = await q<Record<string, string>>('SELECT * FROM share_token WHERE id = $1', [lc(market.token)])
  expect(t, 'the share token is indexed').toBeDefined()
  expect({
    model: t.model_id,
    supply: t.supply,
    revenue: t.revenue_received,
    claimed: t.claimed,
    mps: t.magnified_dividend_per_share,
    operator: t.operator,
  }).toEqual({
    model: String(await token('modelId')),
    supply: String(await token('totalSupply')),
    revenue: String(await token('totalReceived')),
    claimed: String(await token('totalClaimed')),
    mps: String(await token('magnifiedDividendPerShare')),
    operator: lc(
      await read<string>(chain, { address: market.token, abi: modelShareTokenAbi, functionName: 'operator' }),
    ),
  })
  const holders = await q<Record<string, string>>('SELECT * FROM share_holder WHERE token_id = $1', [
    lc(market.token),
  ])
  let positive = 0
  for (const h of holders) {
    const account = h.account_id as Address
    const balance = await token('balanceOf', [account])
    if (balance > 0n) positive++
    const pending =
      (BigInt(t.magnified_dividend_per_share) * BigInt(h.balance) + BigInt(h.magnified_correction)) /
        MAGNITUDE -
      BigInt(h.claimed)
    expect({
      account,
      balance: h.balance,
      correction: h.magnified_correction,
      claimed: h.claimed,
      pending,
    }).toEqual({
      account,
      balance: String(balance),
      correction: String(await token('magnifiedCorrectionOf', [account])),
      claimed: String(await token('withdrawnDividendOf', [account])),
      pending: await token('withdrawableDividendOf', [account]),
    })
  }
  expect(Number(t.holder_count)).toBe(positive)
  // Every holder the chain knows of is indexed (the market's accounts, the pair included).
  for (const a of market.holders)
    if ((await token('balanceOf', [a])) > 0n) expect(holders.map((h) => h.account_id)).toContain(lc(a))

  const pair = market.pool.pair
  const [p] = await q<Record<string, string>>('SELECT * FROM pool WHERE id = $1', [lc(pair)])
  const [r0, r1] = await reserves(market.pool)
  const lpSupply = await read<bigint>(chain, {
    address: pair,
    abi: shareAmmPairAbi,
    functionName: 'totalSupply',
  })
  const shareIs0 = lc(market.pool.token0) === lc(market.token)
  const [rs, rw] = shareIs0 ? [r0, r1] : [r1, r0]
  expect({
    r0: p.reserve0,
    r1: p.reserve1,
    lp: p.total_supply,
    price: p.price,
    tvl: p.tvl_wopen,
    side: p.share_side,
  }).toEqual({
    r0: String(r0),
    r1: String(r1),
    lp: String(lpSupply),
    price: String((rw * 10n ** 18n) / rs),
    tvl: String(2n * rw),
    side: shareIs0 ? 0 : 1,
  })
  const positions = await q<Record<string, string>>('SELECT * FROM liquidity_position WHERE pool_id = $1', [
    lc(pair),
  ])
  expect(positions.length).toBeGreaterThan(1)
  for (const pos of positions)
    expect([pos.account_id, pos.balance]).toEqual([
      pos.account_id,
      String(await tokenBalance(chain, pair, pos.account_id as Address)),
    ])
  // Swaps, liquidity events and the hour's close against the pair's own logs.
  const logs = await chain.publicClient.getLogs({ address: pair, fromBlock: 0n })
  const swaps = await q<{ n: string }>('SELECT count(*) AS n FROM swap WHERE pool_id = $1', [lc(pair)])
  const topics = { swap: logs.filter((l) => l.topics[0] === SWAP_TOPIC).length }
  expect(Number(swaps[0].n)).toBe(topics.swap)
  expect(topics.swap).toBeGreaterThanOrEqual(4)
  const liq = await q<{ kind: string; n: string }>(
    'SELECT kind, count(*) AS n FROM liquidity_event WHERE pool_id = $1 GROUP BY kind ORDER BY kind',
    [lc(pair)],
  )
  expect(liq.map((l) => [l.kind, Number(l.n)])).toEqual([
    ['BURN', logs.filter((l) => l.topics[0] === BURN_TOPIC).length],
    ['MINT', logs.filter((l) => l.topics[0] === MINT_TOPIC).length],
  ])
  const [hour] = await q<Record<string, string>>(
    'SELECT * FROM pool_hour_data WHERE pool_id = $1 ORDER BY hour_start DESC LIMIT 1',
    [lc(pair)],
  )
  expect([hour.close, hour.reserve0, hour.reserve1]).toEqual([p.price, p.reserve0, p.reserve1])
  expect(BigInt(hour.high) >= BigInt(hour.low)).toBe(true)
  // The rogue token (same topics, not created by ModelShares) left nothing and no anomaly.
  const rogueRows = await q<{ n: string }>(
    `SELECT (SELECT count(*) FROM share_token WHERE id = $1) + (SELECT count(*) FROM share_holder WHERE token_id = $1)
       + (SELECT count(*) FROM indexing_anomaly WHERE address = $1) AS n`,
    [lc(rogue)],
  )
  expect(Number(rogueRows[0].n)).toBe(0)
}

const SWAP_TOPIC = '0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822'
const MINT_TOPIC = '0x4c209b5fc8ad50758f13e2e1088ba56a560dff690a1c6fef26394f4c03821c4f'
const BURN_TOPIC = '0xdccd412f0b1252819cb1fd330b93224ca42612892bb3f4f789976e6d81936496'

describe('model shares and the share AMM, indexed', () => {
  it('indexes share tokens and pools created at run time, each row equal to the chain, across reorgs', async () => {
    const idx = startIndexer({
      rpcUrl: chain.rpcUrl,
      manifest: w.manifest,
      db: db.settings,
      finality: FINALITY,
    })
    try {
      let head = await latest()
      await idx.waitForHash(Number(head.number), head.hash)
      await expectIndexEqualsChain()

      // A pool created, traded and then reorged away: its rows go with it.
      const before = Number(head.number)
      await createPool(
        chain,
        w.manifest.contracts.ShareAmmFactory!.address,
        market.token,
        w.stack.governance.gopen,
      )
      await swap(
        market.pool,
        chain.wallets[5],
        lc(market.pool.token0) !== lc(market.token),
        parseEther('0.1'),
      )
      head = await latest()
      await idx.waitForHash(Number(head.number), head.hash)
      expect((await db.query('SELECT id FROM pool')).length).toBe(2)
      const depth = Number(head.number) - before
      expect(depth).toBeLessThanOrEqual(FINALITY)
      await anvilReorg(chain.rpcUrl, { wopen: w.stack.wopen, from: chain.accounts[14], depth, salt: 1 })
      head = await latest()
      await idx.waitForHash(Number(head.number), head.hash)
      expect((await db.query<{ id: string }>('SELECT id FROM pool')).map((r) => r.id)).toEqual([
        lc(market.pool.pair),
      ])
      await expectIndexEqualsChain()

      // After the reorg the market goes on: more revenue, a transfer, a swap and liquidity.
      await revenue(chain, 12, market.token, parseEther('0.25'))
      await transferToken(chain, chain.wallets[5], market.token, chain.accounts[13], parseEther('1'))
      await swap(market.pool, chain.wallets[6], lc(market.pool.token0) === lc(market.token), parseEther('10'))
      await addLiquidity(
        market.pool,
        chain.wallets[3],
        ...((lc(market.pool.token0) === lc(market.token)
          ? [parseEther('1000'), parseEther('0.3')]
          : [parseEther('0.3'), parseEther('1000')]) as [bigint, bigint]),
      )
      head = await latest()
      await idx.waitForHash(Number(head.number), head.hash)
      await expectIndexEqualsChain()
    } finally {
      await idx.stop()
    }
  })

  it('SIGKILLed mid-run and restarted, ends equal to the uninterrupted index', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-shares-'))
    const manifestPath = path.join(dir, 'manifest.json')
    writeManifest(manifestPath, w.manifest)
    const killed = await db.createDatabase('killed')
    const final = await latest()
    const start = w.manifest.contracts.ModelShares!.startBlock
    const target = Math.floor((start + Number(final.number)) / 2)
    // A deep finality keeps the share market's blocks hot (block by block, Subsquid's ingestion),
    // so the kill lands mid-run with hot blocks committed.
    const finality = Number(final.number) - start + 5
    const killedAt = await killIndexerAbove({
      rpcUrl: chain.rpcUrl,
      manifestPath,
      db: killed,
      finality,
      above: target - 1,
    })
    expect(killedAt).toBeGreaterThanOrEqual(target)
    expect(killedAt, 'the kill lands before the head').toBeLessThan(Number(final.number))
    await resumeToHead({ rpcUrl: chain.rpcUrl, manifestPath, db: killed, finality, head: final })
    await expectIndexEqualsChain(killed)
    const [a, b] = await Promise.all([digestTables(db.settings), digestTables(killed)])
    for (const t of [
      'share_token',
      'share_holder',
      'share_revenue',
      'dividend_claim',
      'pool',
      'swap',
      'liquidity_position',
      'liquidity_event',
      'pool_hour_data',
    ])
      expect(a[t], t).toBe(b[t])
    expect(a).toEqual(b)
  })

  it('resumed past the market’s creations with every block final, finds them in the factories’ logs', async () => {
    // The resumed run fetches the final range by address: the created token and pair must come
    // from the factories' earlier creation logs, or their later transfers and swaps are lost.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ol-shares-'))
    const manifestPath = path.join(dir, 'manifest.json')
    writeManifest(manifestPath, w.manifest)
    const resumed = await db.createDatabase('resumed_final')
    const final = await latest()
    const [{ at }] = await db.query<{ at: number }>(
      'SELECT greatest((SELECT max(created_at_block) FROM share_token), (SELECT max(created_at_block) FROM pool)) AS at',
    )
    expect(Number(at) + 1, 'the market trades after its last creation').toBeLessThan(Number(final.number))
    // First run: a node whose head is just past the last creation, every block final; the
    // resumed run starts its final range there.
    const proxy = await startCappedHeadProxy(chain.rpcUrl, Number(at) + 1)
    const first = startIndexer({ rpcUrl: proxy.url, manifest: w.manifest, db: resumed, finality: 0 })
    try {
      await first.waitFor(Number(at) + 1)
    } finally {
      await first.stop()
      await proxy.stop()
    }
    const [{ height }] = await db.query<{ height: number }>(
      'SELECT height FROM squid_processor.status',
      [],
      resumed,
    )
    expect(Number(height)).toBe(Number(at) + 1)
    expect(await db.query('SELECT 1 FROM squid_processor.hot_block', [], resumed)).toEqual([])
    await resumeToHead({ rpcUrl: chain.rpcUrl, manifestPath, db: resumed, finality: 0, head: final })
    await expectIndexEqualsChain(resumed)
    expect(await digestTables(resumed)).toEqual(await digestTables(db.settings))
  })

  it("serves a model's share market and a pool's history over GraphQL", async () => {
    const api: ApiServer = await startApiServer({
      connection: db.settings,
      schemaText: fs.readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'),
      port: 0,
      options: { host: '127.0.0.1', rateLimit: false, log: () => {} },
    })
    try {
      const query = `query ($model: String!, $pool: String!) {
        modelById(id: $model) {
          shareTokens(limit: 1) { id supply revenueReceived claimed holderCount
            holders(orderBy: balance_DESC, limit: 20) { account { id } balance claimed magnifiedCorrection pendingDividends }
            claims(limit: 10) { amount holder { id } }
            pools(limit: 5) { id reserve0 reserve1 price tvlWopen } }
        }
        poolById(id: $pool) {
          swapCount
          swaps(orderBy: id_ASC, limit: 50) { amount0In amount1In amount0Out amount1Out price }
          liquidityEvents(orderBy: id_ASC, limit: 20) { kind liquidity }
          positions(where: { balance_gt: "0" }, limit: 20) { account { id } balance }
          hourData(orderBy: hourStart_ASC, limit: 48) { hourStart open high low close tvlWopen volume0 volume1 swapCount }
        }
      }`
      const res = await fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query,
          variables: { model: String(w.models[0].id), pool: lc(market.pool.pair) },
        }),
      })
      // biome-ignore lint/suspicious/noExplicitAny: a GraphQL answer, checked field by field below
      const body = (await res.json()) as { data: any; errors?: unknown }
      expect(body.errors).toBeUndefined()
      const [share] = body.data.modelById.shareTokens
      expect(share.id).toBe(lc(market.token))
      expect(BigInt(share.supply)).toBe(await token('totalSupply'))
      expect(BigInt(share.revenueReceived)).toBe(await token('totalReceived'))
      expect(share.holders.length).toBeGreaterThanOrEqual(share.holderCount)
      for (const h of share.holders) {
        expect(BigInt(h.balance)).toBe(await token('balanceOf', [h.account.id]))
        // Pending dividends, computed by the API exactly as the contract does.
        expect(BigInt(h.pendingDividends)).toBe(await token('withdrawableDividendOf', [h.account.id]))
      }
      expect(share.holders.some((h: { pendingDividends: string }) => BigInt(h.pendingDividends) > 0n)).toBe(
        true,
      )
      expect(share.claims.length).toBe(3)
      expect(share.pools.map((p: { id: string }) => p.id)).toEqual([lc(market.pool.pair)])
      const pool = body.data.poolById
      expect(pool.swaps.length).toBe(pool.swapCount)
      expect(pool.liquidityEvents.map((e: { kind: string }) => e.kind)).toContain('BURN')
      expect(pool.hourData.length).toBeGreaterThanOrEqual(1)
      const last = pool.hourData.at(-1)
      expect(last.close).toBe(share.pools[0].price)
      expect(BigInt(last.high) >= BigInt(last.low)).toBe(true)
    } finally {
      await api.close()
    }
  })
})
