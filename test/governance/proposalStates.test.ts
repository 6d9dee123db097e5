import fs from 'node:fs'
import path from 'node:path'
import { type Address, encodeFunctionData, type Hex, keccak256, parseEther, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gOPENAbi, modelFundAbi, openLedgerGovernorAbi, openLedgerTimelockAbi } from '../../src/abi/viem'
import { type ApiServer, startApiServer } from '../../src/api'
import { deployStack } from '../../src/chain/deployStack'
import type { Manifest } from '../../src/manifest/manifest'
import {
  bondValidator,
  type Contribution,
  contribute,
  createDatanet,
  fulfil,
  type Model,
  registerModel,
  requestInference,
  review,
  seal,
  settle,
} from '../contracts/ai/simulate'
import { depositAndDelegate, governanceAbi, ProposalState } from '../contracts/token/governance'
import { setupDatabase, type TestDatabase } from '../processor/helpers/database'
import { type RunningIndexer, startIndexer } from '../processor/helpers/indexUntil'
import { aiStackOf } from '../processor/helpers/workload'
import { ROOT, send, setupChain, type TestChain, type Wallet } from '../setup/chain'
import { startAll } from '../setup/startAll'

// Governance seconds (GOPEN's clock is the timestamp): long enough to act inside each phase.
const DELAY = 60
const PERIOD = 300
const TIMELOCK = 120
const STATE_NAMES = Object.keys(ProposalState).map((k) => k.toUpperCase())

let chain: TestChain
let db: TestDatabase
let manifest: Manifest
let api: ApiServer
let idx: RunningIndexer
let model: Model
let contributions: Contribution[]
let w: Wallet[]
const a = (n: keyof Manifest['contracts']) => manifest.contracts[n]!.address as Address

type Spec = { targets: Address[]; values: bigint[]; calldatas: Hex[]; description: string }
const ids: Record<string, bigint> = {}
const specs: Record<string, Spec> = {}

beforeAll(async () => {
  ;[chain, db] = await startAll([setupChain(), setupDatabase()])
  w = chain.wallets
  manifest = await deployStack({
    root: ROOT,
    wallet: w[0],
    publicClient: chain.publicClient,
    params: { votingDelay: DELAY, votingPeriod: PERIOD, timelockDelay: TIMELOCK },
  })
  idx = startIndexer({ rpcUrl: chain.rpcUrl, manifest, db: db.settings })
  // Migrations first: an API whose read-only role is set up while the migrations' transaction is
  // open was seen to fail every query (its grants and default privileges miss those tables).
  await indexHead()
  api = await startApiServer({
    connection: db.settings,
    schemaText: fs.readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'),
    port: 0,
    options: { host: '127.0.0.1', rateLimit: false, log: () => {} },
  })
}, 180_000)

afterAll(async () => {
  await idx?.stop()
  await api?.close()
  await Promise.all([chain?.stop(), db?.stop()])
})

async function gql<T>(query: string): Promise<T> {
  const res = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  })
  const body = (await res.json()) as { data: T; errors?: unknown }
  expect(body.errors).toBeUndefined()
  return body.data
}

/** Waits until the indexer has the chain's head, then returns it. */
async function indexHead(): Promise<number> {
  const head = Number(await chain.publicClient.getBlockNumber({ cacheTime: 0 }))
  await idx.waitFor(head, 60_000)
  expect(idx.failure).toBeUndefined()
  return head
}

type ApiProposal = {
  id: string
  state: string | null
  stateAtBlock: number
  quorum: string | null
  quorumReached: boolean | null
  voteStart: string
  forVotes: string
  againstVotes: string
  abstainVotes: string
  forVoters: number
  againstVoters: number
  abstainVoters: number
  fundings: { id: string; amount: string; model: { id: string } }[]
}

/**
 * Every proposal's state through GraphQL, each checked against governor.state(id) read at the
 * block GraphQL says it computed the state at (the indexed head); likewise the quorum.
 */
async function checkAgainstGovernor(): Promise<Record<string, ApiProposal>> {
  const head = await indexHead()
  const { proposals } = await gql<{
    proposals: ApiProposal[]
  }>(`{ proposals(orderBy: createdAtBlock_ASC, limit: 20) {
    id state stateAtBlock quorum quorumReached voteStart forVotes againstVotes abstainVotes
    forVoters againstVoters abstainVoters fundings(orderBy: id_ASC, limit: 10) { id amount model { id } } } }`)
  expect(proposals).toHaveLength(Object.keys(ids).length)
  const byName: Record<string, ApiProposal> = {}
  for (const p of proposals) {
    expect(p.stateAtBlock).toBe(head)
    const read = <T>(functionName: string, args: unknown[]) =>
      chain.publicClient.readContract({
        address: a('OpenLedgerGovernor'),
        abi: openLedgerGovernorAbi,
        functionName,
        args,
        blockNumber: BigInt(head),
      } as never) as Promise<T>
    const onChain = await read<number>('state', [BigInt(p.id)])
    expect({ id: p.id, state: p.state }).toEqual({ id: p.id, state: STATE_NAMES[onChain] })
    const block = await chain.publicClient.getBlock({ blockNumber: BigInt(head) })
    if (BigInt(p.voteStart) < block.timestamp) {
      const quorum = await read<bigint>('quorum', [BigInt(p.voteStart)])
      expect(p.quorum).toBe(quorum.toString())
      const [against, forVotes, abstain] = await read<[bigint, bigint, bigint]>('proposalVotes', [
        BigInt(p.id),
      ])
      expect([p.againstVotes, p.forVotes, p.abstainVotes]).toEqual([against, forVotes, abstain].map(String))
      expect(p.quorumReached).toBe(quorum <= forVotes + abstain)
    } else {
      expect(p.quorum).toBeNull()
      expect(p.quorumReached).toBeNull()
    }
    const name = Object.keys(ids).find((k) => ids[k].toString() === p.id)!
    byName[name] = p
  }
  return byName
}

const grant = (amount: bigint, memo: string): Hex =>
  encodeFunctionData({ abi: modelFundAbi, functionName: 'fundModel', args: [model.id, amount, memo] })

async function propose(name: string, calldata: Hex, target = a('ModelFund')) {
  const spec: Spec = {
    targets: [target],
    values: [0n],
    calldatas: [calldata],
    description: `proposal ${name}`,
  }
  const receipt = await send(chain, w[4], {
    address: a('OpenLedgerGovernor'),
    abi: governanceAbi,
    functionName: 'propose',
    args: [spec.targets, spec.values, spec.calldatas, spec.description],
  })
  const created = receipt.logs.find((l) => l.address.toLowerCase() === a('OpenLedgerGovernor').toLowerCase())!
  ids[name] = (
    await chain.publicClient.getContractEvents({
      address: a('OpenLedgerGovernor'),
      abi: openLedgerGovernorAbi,
      eventName: 'ProposalCreated',
      blockHash: created.blockHash,
    })
  )[0].args.proposalId!
  specs[name] = spec
}

const governor = (wallet: Wallet, functionName: string, args: unknown[]) =>
  send(chain, wallet, { address: a('OpenLedgerGovernor'), abi: governanceAbi, functionName, args })
const lifecycleArgs = (name: string) => {
  const s = specs[name]
  return [s.targets, s.values, s.calldatas, keccak256(toHex(s.description))]
}

describe('proposal states through GraphQL equal governor.state at the indexed head', () => {
  it('drives proposals to Pending, Active, Canceled, Defeated, Succeeded, Queued and Executed', async () => {
    // A model to fund (and to earn revenue), and voters: 60k + 20k + 1k GOPEN, self-delegated.
    const stack = aiStackOf(chain, manifest)
    const datanet = await createDatanet(stack, w[1], 'mail')
    contributions = [await contribute(datanet, w[2], 'one'), await contribute(datanet, w[3], 'two')]
    await review(contributions, true)
    const sealed = await seal(datanet)
    model = await registerModel(stack, w[8], {
      trainedOn: [{ datanet, version: sealed.version }],
      price: parseEther('0.5'),
    })
    await depositAndDelegate(chain, a('GOPEN'), w[4], parseEther('60000'))
    await depositAndDelegate(chain, a('GOPEN'), w[5], parseEther('20000'))
    await depositAndDelegate(chain, a('GOPEN'), w[6], parseEther('1000'))
    await chain.mine(1, 2)

    // Phase 1: every proposal Pending; one canceled by its proposer while Pending.
    for (const name of ['defeated', 'noQuorum', 'succeeded', 'canceled', 'queued', 'executed', 'viaTimelock'])
      await propose(name, grant(parseEther(name === 'executed' ? '700' : '300'), name))
    // Governance raises the quorum to 10 %: proposals keep the numerator of their snapshot.
    const raise = encodeFunctionData({
      abi: openLedgerGovernorAbi,
      functionName: 'updateQuorumNumerator',
      args: [10n],
    })
    await propose('numerator', raise, a('OpenLedgerGovernor'))
    await governor(w[4], 'cancel', lifecycleArgs('canceled'))
    let p = await checkAgainstGovernor()
    expect(p.defeated.state).toBe('PENDING')
    expect(p.canceled.state).toBe('CANCELED')

    // Phase 2: voting open.
    await chain.mine(1, DELAY + 1)
    const vote = (wallet: Wallet, name: string, support: number) =>
      governor(wallet, 'castVote', [ids[name], support])
    await vote(w[4], 'defeated', 0)
    await vote(w[5], 'defeated', 1)
    await vote(w[6], 'defeated', 2)
    await vote(w[6], 'noQuorum', 1) // 1k GOPEN of 81k: under the 5 % quorum
    await vote(w[4], 'succeeded', 1)
    await vote(w[6], 'succeeded', 2)
    for (const name of ['queued', 'executed', 'viaTimelock', 'numerator']) await vote(w[5], name, 1)
    p = await checkAgainstGovernor()
    expect(p.defeated).toMatchObject({ state: 'ACTIVE', forVoters: 1, againstVoters: 1, abstainVoters: 1 })
    expect(p.defeated.quorum).toBe(parseEther('4050').toString()) // 5 % of 81,000 GOPEN
    expect(p.noQuorum).toMatchObject({
      quorumReached: false,
      forVoters: 1,
      againstVoters: 0,
      abstainVoters: 0,
    })

    // Phase 3: voting closed.
    await chain.mine(1, PERIOD + 1)
    p = await checkAgainstGovernor()
    expect(p.defeated.state).toBe('DEFEATED')
    expect(p.defeated.quorumReached).toBe(true)
    expect(p.noQuorum.state).toBe('DEFEATED')
    expect(p.succeeded).toMatchObject({
      state: 'SUCCEEDED',
      quorumReached: true,
      forVoters: 1,
      abstainVoters: 1,
    })
    for (const name of ['queued', 'executed', 'viaTimelock', 'numerator'])
      await governor(w[5], 'queue', lifecycleArgs(name))
    p = await checkAgainstGovernor()
    expect(p.queued.state).toBe('QUEUED')

    // Phase 4: one executed through the governor, one directly on the timelock (anyone may).
    await chain.mine(1, TIMELOCK + 1)
    await governor(w[5], 'execute', lifecycleArgs('executed'))
    await governor(w[5], 'execute', lifecycleArgs('numerator'))
    const s = specs.viaTimelock
    const salt = toHex((BigInt(a('OpenLedgerGovernor')) << 96n) ^ BigInt(keccak256(toHex(s.description))), {
      size: 32,
    })
    await send(chain, w[9], {
      address: a('OpenLedgerTimelock'),
      abi: openLedgerTimelockAbi,
      functionName: 'executeBatch',
      args: [s.targets, s.values, s.calldatas, `0x${'0'.repeat(64)}`, salt],
    })
    p = await checkAgainstGovernor()
    expect(p.executed.state).toBe('EXECUTED')
    expect(p.viaTimelock.state).toBe('EXECUTED')
    expect(p.queued.state).toBe('QUEUED')
    expect(p.executed.fundings).toEqual([
      { id: expect.any(String), amount: parseEther('700').toString(), model: { id: model.id.toString() } },
    ])
    expect(p.viaTimelock.fundings.map((f) => f.amount)).toEqual([parseEther('300').toString()])
    for (const name of ['defeated', 'succeeded', 'queued', 'canceled']) expect(p[name].fundings).toEqual([])

    // Filtered by the computed state, newest first.
    const byState = await gql<Record<string, { id: string }[]>>(
      '{ done: proposalsByState(states: [EXECUTED, CANCELED]) { id } lost: proposalsByState(states: [DEFEATED]) { id } }',
    )
    expect(byState).toEqual({
      done: ['numerator', 'viaTimelock', 'executed', 'canceled'].map((n) => ({ id: ids[n].toString() })),
      lost: ['noQuorum', 'defeated'].map((n) => ({ id: ids[n].toString() })),
    })

    // The other way round: each grant names its proposal.
    const { modelFundings } = await gql<{
      modelFundings: { amount: string; proposal: { id: string } | null }[]
    }>('{ modelFundings(orderBy: id_ASC) { amount proposal { id } } }')
    expect(modelFundings).toEqual([
      { amount: parseEther('700').toString(), proposal: { id: ids.executed.toString() } },
      { amount: parseEther('300').toString(), proposal: { id: ids.viaTimelock.toString() } },
    ])

    // Phase 5: a burn (withdraw) lowers the supply, then a proposal under the new numerator; the
    // earlier ones keep the quorum of their snapshot (5 % of 81,000 GOPEN).
    await send(chain, w[5], {
      address: a('GOPEN'),
      abi: gOPENAbi,
      functionName: 'withdraw',
      args: [parseEther('5000')],
    })
    await chain.mine(1, 2)
    await propose('after', grant(parseEther('1'), 'after'))
    await chain.mine(1, DELAY + 1)
    p = await checkAgainstGovernor()
    expect(p.after).toMatchObject({ state: 'ACTIVE', quorum: parseEther('7600').toString() }) // 10 % of 76,000
    expect(p.defeated.quorum).toBe(parseEther('4050').toString())
  }, 300_000)

  it('serves the model revenue series from the model', async () => {
    await bondValidator(model.stack, w[7], parseEther('1000'))
    const fees: bigint[] = []
    const owner: bigint[] = []
    const hours: string[] = []
    for (let k = 0; k < 3; k++) {
      const inf = await requestInference(model, w[11], `input ${k}`)
      await fulfil(inf, `output ${k}`)
      const { settled, receipt } = await settle(inf, w[7], [[contributions[0], 1_000_000]])
      const block = await chain.publicClient.getBlock({ blockNumber: receipt.blockNumber })
      hours.push(
        new Date(Number(block.timestamp / 3600n) * 3_600_000).toISOString().replace('.000Z', '.000000Z'),
      )
      if (k === 1) await chain.mine(1, 3600) // the third settlement falls in a later hour
      fees.push(
        settled.protocolAmount +
          settled.modelOwnerAmount +
          settled.stakersAmount +
          settled.contributorsAmount +
          settled.dust,
      )
      owner.push(settled.modelOwnerAmount)
    }
    await indexHead()
    // Hour by hour, from the chain's block times: the bucket starts, counts and fees.
    const { hourly } = await gql<{
      hourly: { revenueSeries: { start: string; settlements: number; revenue: string }[] }
    }>(
      `{ hourly: modelById(id: "${model.id}") { revenueSeries(bucket: HOUR) { start settlements revenue } } }`,
    )
    const expected = new Map<string, { settlements: number; revenue: bigint }>()
    hours.forEach((h, i) => {
      const e = expected.get(h) ?? { settlements: 0, revenue: 0n }
      expected.set(h, { settlements: e.settlements + 1, revenue: e.revenue + fees[i] })
    })
    expect(hourly.revenueSeries).toEqual(
      [...expected].map(([start, e]) => ({
        start,
        settlements: e.settlements,
        revenue: e.revenue.toString(),
      })),
    )
    // from inclusive: only the last hour's settlement.
    const last = hours[hours.length - 1]
    const { later } = await gql<{ later: { revenueSeries: { settlements: number }[] } }>(
      `{ later: modelById(id: "${model.id}") { revenueSeries(bucket: HOUR, from: "${last}") { settlements } } }`,
    )
    expect(later.revenueSeries).toEqual([{ settlements: 1 }])
    const bad = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ modelById(id: "${model.id}") { revenueSeries(from: "2030-01-02T00:00:00Z", to: "2030-01-01T00:00:00Z") { start } } }`,
      }),
    })
    const badBody = (await bad.json()) as { errors: { extensions: { code: string } }[] }
    expect(badBody.errors[0].extensions.code).toBe('BAD_USER_INPUT')
    const { modelById } = await gql<{
      modelById: {
        revenue: string
        revenueSeries: { settlements: number; revenue: string; ownerRevenue: string }[]
      }
    }>(
      `{ modelById(id: "${model.id}") { revenue revenueSeries(bucket: WEEK) { settlements revenue ownerRevenue } } }`,
    )
    const sum = (l: bigint[]) => l.reduce((x, y) => x + y, 0n).toString()
    expect(fees.every((f) => f === parseEther('0.5'))).toBe(true)
    // Weekly: the same totals, whatever week boundary the clock lies near.
    const total = modelById.revenueSeries.reduce((x, r) => x + BigInt(r.revenue), 0n)
    expect(total.toString()).toBe(sum(fees))
    expect(modelById.revenue).toBe(sum(fees))
    expect(modelById.revenueSeries.reduce((x, r) => x + r.settlements, 0)).toBe(3)
    expect(modelById.revenueSeries.reduce((x, r) => x + BigInt(r.ownerRevenue), 0n).toString()).toBe(
      sum(owner),
    )
  }, 120_000)
})
