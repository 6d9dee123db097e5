import pg from 'pg'
import { parseEther } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gOPENAbi, stakingAbi, wOPENAbi } from '../../src/abi/viem'
import { applyMigrations } from '../../src/db/applyMigrations'
import { dropSecondaryIndexes, runSql } from '../../src/db/deferredIndexes'
import { GAS_CONTRACTS } from '../../src/processor/processor'
import { setupChain, type TestChain } from '../setup/chain'
import { startAll } from '../setup/startAll'
import { setupDatabase, type TestDatabase } from './helpers/database'
import { startIndexer } from './helpers/indexUntil'
import { deployAndRunWorkload, type Workload } from './helpers/workload'

let chain: TestChain
let db: TestDatabase
let w: Workload

beforeAll(async () => {
  ;[chain, db] = await startAll([setupChain(), setupDatabase()])
  w = await deployAndRunWorkload(chain)
  const head = Number(await chain.publicClient.getBlockNumber())
  const idx = startIndexer({ rpcUrl: chain.rpcUrl, manifest: w.manifest, db: db.settings })
  try {
    await idx.waitFor(head)
  } finally {
    await idx.stop()
  }
}, 180_000)

afterAll(async () => {
  await Promise.all([chain?.stop(), db?.stop()])
})

const one = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  (await db.query<T>(sql, params))[0]

describe('indexing a subset of the contracts', () => {
  it('indexes only the router and the fund, with stub rows for what it never saw', async () => {
    const subset = await db.createDatabase('subset')
    const manifest = {
      ...w.manifest,
      contracts: {
        InferenceRouter: w.manifest.contracts.InferenceRouter!,
        ModelFund: w.manifest.contracts.ModelFund!,
      },
    }
    const idx = startIndexer({ rpcUrl: chain.rpcUrl, manifest, db: subset })
    try {
      await idx.waitFor(Number(await chain.publicClient.getBlockNumber()))
    } finally {
      await idx.stop()
    }
    const q = (sql: string) => db.query<Record<string, string>>(sql, [], subset)
    const [model] = await q('SELECT name, inference_count, funding_received FROM model')
    expect(model).toEqual({
      name: null,
      inference_count: w.inferences.length,
      funding_received: '1000000000000000000000',
    })
    const rewards = await q(
      'SELECT count(*) AS n, count(datanet_id) AS with_datanet FROM contribution_reward',
    )
    expect(rewards[0]).toEqual({ n: String(w.settlements.size * 3), with_datanet: '0' })
    expect(await q('SELECT count(*) AS n FROM datanet')).toEqual([{ n: '0' }])
  })
})

describe('receipts only for the AI side (the default) versus every transaction', () => {
  it('records the same AI-side gas; token-side transactions appear only with transactionsFor "all"', async () => {
    const full = await db.createDatabase('full')
    const idx = startIndexer({ rpcUrl: chain.rpcUrl, manifest: w.manifest, db: full, transactionsFor: 'all' })
    try {
      await idx.waitFor(Number(await chain.publicClient.getBlockNumber()))
    } finally {
      await idx.stop()
    }
    const q = (sql: string, d = db.settings) => db.query<Record<string, string>>(sql, [], d)
    for (const table of ['inference', 'settlement']) {
      const gas = `SELECT id, gas_used, gas_price, l1_fee FROM ${table} ORDER BY id`
      expect(await q(gas)).toEqual(await q(gas, full))
      expect((await q(gas)).every((r) => r.gas_used !== null)).toBe(true)
    }
    const ai = `ARRAY[${GAS_CONTRACTS.map((c) => `'${c}'`).join(', ')}]::text[]`
    const aiTxs = `SELECT * FROM chain_transaction WHERE contracts && ${ai} ORDER BY id`
    expect(await q(aiTxs)).toEqual(await q(aiTxs, full))
    const tokenOnly = `SELECT count(*)::int AS n FROM chain_transaction WHERE NOT contracts && ${ai}`
    expect(await q(tokenOnly)).toEqual([{ n: 0 }])
    expect(Number((await q(tokenOnly, full))[0].n)).toBeGreaterThan(0)
    // Everything not derived from transactions is unchanged.
    const events = `SELECT (SELECT count(*) FROM token_transfer) AS transfers, (SELECT count(*) FROM contribution_reward) AS rewards, (SELECT events_indexed FROM indexer_status) AS events`
    expect(await q(events)).toEqual(await q(events, full))
  })
})

describe('indexing a workload that drives every contract', () => {
  it('builds back every secondary index it deferred while indexing from genesis', async () => {
    const reference = await db.createDatabase('migrated_only')
    await applyMigrations(reference)
    const indexes = 'SELECT indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexdef'
    const built = await db.query(indexes, ['public'])
    expect(built.length).toBeGreaterThan(40)
    expect(built).toEqual(await db.query(indexes, ['public'], reference))
    expect(await db.query('SELECT name FROM openledger_indexer.deferred_index')).toEqual([])
  })

  it('records no anomalies', async () => {
    expect(await db.query('SELECT kind, message FROM indexing_anomaly')).toEqual([])
  })

  it('WOPEN and GOPEN balances, votes and supply equal the chain', async () => {
    const accounts = await db.query<{
      id: string
      wopen_balance: string
      gopen_balance: string
      voting_power: string
    }>('SELECT id, wopen_balance, gopen_balance, voting_power FROM account')
    expect(accounts.length).toBeGreaterThan(10)
    for (const acc of accounts) {
      const address = acc.id as `0x${string}`
      const [wopen, gopen, votes] = await Promise.all([
        chain.publicClient.readContract({
          address: w.stack.wopen,
          abi: wOPENAbi,
          functionName: 'balanceOf',
          args: [address],
        }),
        chain.publicClient.readContract({
          address: w.manifest.contracts.GOPEN!.address,
          abi: gOPENAbi,
          functionName: 'balanceOf',
          args: [address],
        }),
        chain.publicClient.readContract({
          address: w.manifest.contracts.GOPEN!.address,
          abi: gOPENAbi,
          functionName: 'getVotes',
          args: [address],
        }),
      ])
      expect({
        id: acc.id,
        wopen: BigInt(acc.wopen_balance),
        gopen: BigInt(acc.gopen_balance),
        votes: BigInt(acc.voting_power),
      }).toEqual({
        id: acc.id,
        wopen,
        gopen,
        votes,
      })
    }
    const supply = await one<{ total_supply: string }>(
      `SELECT total_supply FROM token_supply WHERE id = 'WOPEN'`,
    )
    const chainSupply = await chain.publicClient.readContract({
      address: w.stack.wopen,
      abi: wOPENAbi,
      functionName: 'totalSupply',
    })
    expect(BigInt(supply.total_supply)).toBe(chainSupply)
  })

  it('stakes equal the chain', async () => {
    const rows = await db.query<{ id: string; status: string; principal: string; recipient_id: string }>(
      'SELECT id, status, principal, recipient_id FROM stake ORDER BY id',
    )
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      [w.stakeIds[0].toString(), 'ACTIVE'],
      [w.stakeIds[1].toString(), 'UNSTAKE_REQUESTED'],
      [w.stakeIds[2].toString(), 'ACTIVE'],
    ])
    const staking = w.manifest.contracts.Staking!.address
    const [, , , amount] = await chain.publicClient.readContract({
      address: staking,
      abi: stakingAbi,
      functionName: 'stakes',
      args: [w.stakeIds[2]],
    })
    expect(BigInt(rows[2].principal)).toBe(amount)
    expect(BigInt(rows[0].principal)).toBe(parseEther('15'))
  })

  it('settlements and per-contribution rewards equal the emitted payouts', async () => {
    for (const [id, s] of w.settlements) {
      const row = await one<Record<string, string>>('SELECT * FROM settlement WHERE id = $1', [id.toString()])
      expect({
        protocol: BigInt(row.protocol_amount),
        owner: BigInt(row.model_owner_amount),
        stakers: BigInt(row.stakers_amount),
        contributors: BigInt(row.contributors_amount),
        dust: BigInt(row.dust),
      }).toEqual({
        protocol: s.settled.protocolAmount,
        owner: s.settled.modelOwnerAmount,
        stakers: s.settled.stakersAmount,
        contributors: s.settled.contributorsAmount,
        dust: s.settled.dust,
      })
      const rewards = await db.query<{
        contribution_id: string
        contributor_id: string
        amount: string
        weight_ppm: number
      }>(
        'SELECT contribution_id, contributor_id, amount, weight_ppm FROM contribution_reward WHERE inference_id = $1 ORDER BY position',
        [id.toString()],
      )
      expect(
        rewards.map((r) => [r.contribution_id, r.contributor_id, BigInt(r.amount), r.weight_ppm]),
      ).toEqual(
        s.rewards.map((r) => [
          r.contributionId.toString(),
          r.contributor.toLowerCase(),
          r.amount,
          r.weightPpm,
        ]),
      )
    }
  })

  it('running totals add up per contributor, contribution, datanet and model', async () => {
    const rewards = [...w.settlements.values()].flatMap((s) => s.rewards)
    const byContributor = new Map<string, bigint>()
    for (const r of rewards)
      byContributor.set(
        r.contributor.toLowerCase(),
        (byContributor.get(r.contributor.toLowerCase()) ?? 0n) + r.amount,
      )
    for (const [id, earned] of byContributor) {
      const acc = await one<{ contributor_earned: string }>(
        'SELECT contributor_earned FROM account WHERE id = $1',
        [id],
      )
      expect(BigInt(acc.contributor_earned)).toBe(earned)
      const total = await one<{ earned: string }>(
        'SELECT earned FROM contributor_datanet_total WHERE contributor_id = $1',
        [id],
      )
      expect(BigInt(total.earned)).toBe(earned)
    }
    const all = rewards.reduce((x, r) => x + r.amount, 0n)
    const datanet = await one<{
      contributor_rewards: string
      accepted_count: number
      rejected_count: number
    }>('SELECT * FROM datanet')
    expect([BigInt(datanet.contributor_rewards), datanet.accepted_count, datanet.rejected_count]).toEqual([
      all,
      6,
      2,
    ])
    const model = await one<Record<string, string | number>>('SELECT * FROM model')
    const settledFees = [...w.settlements.keys()]
      .map((id) => w.inferences.find((i) => i.id === id)!.fee)
      .reduce((x, y) => x + y, 0n)
    expect([
      BigInt(model.revenue),
      model.inference_count,
      model.settled_count,
      BigInt(model.funding_received),
    ]).toEqual([settledFees, w.inferences.length, w.settlements.size, parseEther('1000')])
    const accepted = await db.query<{ id: string; acceptance_index: string }>(
      `SELECT id, acceptance_index FROM contribution WHERE status = 'ACCEPTED' ORDER BY acceptance_index`,
    )
    expect(accepted.map((c) => c.id)).toEqual(w.contributions.slice(0, 6).map((c) => c.id.toString()))
  })

  it('records the fee policy history and links each settlement to the policy in force', async () => {
    const policies = await db.query<{ protocol_bps: number; to_block: number | null }>(
      'SELECT protocol_bps, to_block FROM fee_policy ORDER BY from_block',
    )
    expect(policies.map((p) => [p.protocol_bps, p.to_block === null])).toEqual([
      [1000, false],
      [500, true],
    ])
    const bySettlement = await db.query<{ protocol_bps: number }>(
      'SELECT f.protocol_bps FROM settlement s JOIN fee_policy f ON f.id = s.fee_policy_id ORDER BY s.block_number',
    )
    expect(bySettlement.map((r) => r.protocol_bps)).toEqual([1000, 1000, 1000, 1000, 500, 500])
  })

  it('decodes the proposal actions and tallies the votes', async () => {
    const proposal = await one<Record<string, string>>('SELECT * FROM proposal')
    expect([proposal.id, proposal.status, BigInt(proposal.for_votes)]).toEqual([
      w.proposalId.toString(),
      'EXECUTED',
      parseEther('79000'),
    ])
    const actions = await db.query<{ summary: string; contract: string }>(
      'SELECT contract, summary FROM proposal_action ORDER BY index',
    )
    expect(actions).toEqual([
      { contract: 'ModelFund', summary: `fund model ${w.models[0].id} with 1000 OPEN (memo "grant #1")` },
      {
        contract: 'PolicyRegistry',
        summary: 'set fee policy: protocol 5%, model owner 25%, stakers 20%, contributors 50%',
      },
    ])
  })

  it('records gas and the OP-stack L1 fee of inference transactions', async () => {
    const inf = await one<Record<string, string>>(
      'SELECT * FROM inference ORDER BY requested_at_block LIMIT 1',
    )
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: inf.request_tx as `0x${string}` })
    expect(BigInt(inf.gas_used)).toBe(receipt.gasUsed)
    expect(BigInt(inf.gas_price)).toBe(receipt.effectiveGasPrice)
    const l1Fee = (receipt as unknown as { l1Fee?: bigint }).l1Fee
    if (l1Fee !== undefined) expect(BigInt(inf.l1_fee)).toBe(l1Fee)
    const statuses = await db.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM inference GROUP BY status ORDER BY status',
    )
    expect(statuses).toEqual([
      { status: 'REQUESTED', n: '1' },
      { status: 'SETTLED', n: String(w.settlements.size) },
    ])
  })
})

describe('restarting after the head commit, before the deferred indexes were built', () => {
  it('builds them at start-up, before anything else', async () => {
    const indexes = 'SELECT indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexdef'
    const before = await db.query(indexes, ['public'])
    // As a crash right after the head batch's commit leaves the database: progress recorded,
    // secondary indexes dropped and their definitions kept.
    const client = new pg.Client({ ...db.settings })
    await client.connect()
    const dropped = await dropSecondaryIndexes(runSql(client)).finally(() => client.end())
    expect(dropped.length).toBeGreaterThan(40)
    expect((await db.query(indexes, ['public'])).length).toBe(before.length - dropped.length)
    const idx = startIndexer({ rpcUrl: chain.rpcUrl, manifest: w.manifest, db: db.settings })
    try {
      await idx.waitFor(Number(await chain.publicClient.getBlockNumber()))
    } finally {
      await idx.stop()
    }
    expect(await db.query(indexes, ['public'])).toEqual(before)
    expect(await db.query('SELECT name FROM openledger_indexer.deferred_index')).toEqual([])
  })
})
