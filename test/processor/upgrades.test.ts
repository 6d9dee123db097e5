import { type Address, getAbiItem, getAddress, parseEventLogs, slice } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  inferenceRouterV2Abi,
  openLedgerGovernorAbi,
  openLedgerTimelockAbi,
  policyRegistryAbi,
} from '../../src/abi/viem'
import type { TestChain } from '../setup/chain'
import type { TestDatabase } from './helpers/database'
import { digestsAgainstCleanIndex } from './helpers/digest'
import { indexedHeight, startIndexer } from './helpers/indexUntil'
import { killIndexerAbove, resumeToHead } from './helpers/killAndResume'
import { anvilReorg } from './helpers/rpc'
import { type QueuedUpgrade, queueUpgrade, rateInferences } from './helpers/upgradeActivity'
import type { Workload } from './helpers/workload'
import { setupWorkloadChain, type WorkloadChain } from './helpers/workloadChain'

const FINALITY = 5
const PROXIED = ['PolicyRegistry', 'DatanetRegistry', 'ModelRegistry', 'InferenceRouter'] as const
const IMPLEMENTATION_SLOT = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc'
const UPGRADED = getAbiItem({ abi: policyRegistryAbi, name: 'Upgraded' })
const STATE = ['PENDING', 'ACTIVE', 'CANCELED', 'DEFEATED', 'SUCCEEDED', 'QUEUED', 'EXPIRED', 'EXECUTED']

let chain: TestChain
let db: TestDatabase
let w: Workload
let setup: WorkloadChain | undefined
let manifestPath: string
let queued: QueuedUpgrade

beforeAll(async () => {
  setup = await setupWorkloadChain({ wopenBlocks: 3, txsPerBlock: 2, inferences: 1 })
  ;({ chain, db, w, manifestPath } = setup)
  queued = await queueUpgrade(w, 'Upgrade the router to V2 (ratings) and redeploy the policy registry')
}, 240_000)

afterAll(async () => {
  await setup?.stop()
})

const latest = () => chain.publicClient.getBlock({ blockTag: 'latest' })
const proxyOf = (name: (typeof PROXIED)[number]) => w.manifest.contracts[name]!.address as Address

/** The upgrade timeline and the ratings the indexer holds equal what the chain says now (slots, logs, receipts). */
async function expectIndexEqualsChain() {
  let upgrades = 0
  for (const name of PROXIED) {
    const proxy = proxyOf(name)
    const logs = await chain.publicClient.getLogs({ address: proxy, event: UPGRADED, fromBlock: 0n })
    const slot = await chain.publicClient.getStorageAt({ address: proxy, slot: IMPLEMENTATION_SLOT })
    const current = slice(slot!, 12).toLowerCase()
    expect(logs.at(-1)!.args.implementation!.toLowerCase()).toBe(current)
    const [row] = await db.query<Record<string, unknown>>(
      'SELECT contract, implementation, upgrade_count, deployed_at_block, last_upgraded_at_block FROM upgradeable_contract WHERE id = $1',
      [proxy.toLowerCase()],
    )
    expect(row, name).toEqual({
      contract: name,
      implementation: current,
      upgrade_count: logs.length - 1,
      deployed_at_block: Number(logs[0].blockNumber),
      last_upgraded_at_block: Number(logs.at(-1)!.blockNumber),
    })
    const expected = []
    for (const [i, log] of logs.entries()) {
      const receipt = await chain.publicClient.getTransactionReceipt({ hash: log.transactionHash })
      const executed = parseEventLogs({
        abi: openLedgerGovernorAbi,
        logs: receipt.logs,
        eventName: 'ProposalExecuted',
      })
      // Executed directly on the timelock: no governor event, the queued proposal's operation ran.
      const direct = parseEventLogs({
        abi: openLedgerTimelockAbi,
        logs: receipt.logs,
        eventName: 'CallExecuted',
      }).some((l) => l.args.id === queued.operationId)
      expected.push({
        contract: name,
        implementation: log.args.implementation!.toLowerCase(),
        previous_implementation: i === 0 ? null : logs[i - 1].args.implementation!.toLowerCase(),
        proposal_id:
          executed[0]?.args.proposalId.toString() ?? (direct ? queued.proposalId.toString() : null),
        block_number: Number(log.blockNumber),
        log_index: log.logIndex,
        tx_hash: log.transactionHash,
      })
    }
    const rows = await db.query(
      'SELECT contract, implementation, previous_implementation, proposal_id, block_number, log_index, tx_hash FROM contract_upgrade WHERE proxy_id = $1 ORDER BY block_number, log_index',
      [proxy.toLowerCase()],
    )
    expect(rows, name).toEqual(expected)
    upgrades += logs.length - 1
  }
  const router = proxyOf('InferenceRouter')
  const rated = parseEventLogs({
    abi: inferenceRouterV2Abi,
    logs: await chain.publicClient.getLogs({ address: router, fromBlock: 0n }),
    eventName: 'InferenceRated',
  })
  const ratings = await db.query<{ block_number: number }>(
    'SELECT inference_id, rater_id, score, block_number, tx_hash FROM inference_rating ORDER BY block_number',
  )
  expect(ratings).toEqual(
    rated.map((l) => ({
      inference_id: l.args.inferenceId.toString(),
      rater_id: l.args.caller.toLowerCase(),
      score: l.args.score,
      block_number: Number(l.blockNumber),
      tx_hash: l.transactionHash,
    })),
  )
  // Nothing rated before the router's upgrade to V2.
  const [v2] = await db.query<{ block_number: number }>(
    "SELECT min(block_number) AS block_number FROM contract_upgrade WHERE contract = 'InferenceRouter' AND proposal_id IS NOT NULL",
  )
  for (const r of ratings) expect(r.block_number).toBeGreaterThan(v2.block_number)
  const state = await chain.publicClient.readContract({
    address: w.stack.governance.governor,
    abi: openLedgerGovernorAbi,
    functionName: 'state',
    args: [queued.proposalId],
  })
  const [proposal] = await db.query<{ status: string }>('SELECT status FROM proposal WHERE id = $1', [
    queued.proposalId.toString(),
  ])
  expect(proposal.status).toBe(STATE[state])
  const anomalies = await db.query<{ kind: string; message: string }>(
    "SELECT kind, message FROM indexing_anomaly WHERE kind <> 'SANITISED_VALUE'",
  )
  expect(anomalies).toEqual([])
  return { upgrades, ratings: ratings.length }
}

async function waitForHead(idx: { waitForHash(height: number, hash: string): Promise<void> }) {
  const head = await latest()
  await idx.waitForHash(Number(head.number), head.hash)
}

describe('upgrade indexing', () => {
  it('indexes every proxy upgrade linked to its proposal and the V2 event from the upgrade on, equal to the chain across a reorg and a SIGKILL, equal to a clean re-index', async () => {
    const idx = startIndexer({
      rpcUrl: chain.rpcUrl,
      manifest: w.manifest,
      db: db.settings,
      finality: FINALITY,
    })
    try {
      await waitForHead(idx)
      // Deployment only: one Upgraded per proxy, no proposal, nothing rated.
      expect(await expectIndexEqualsChain()).toEqual({ upgrades: 0, ratings: 0 })

      // The upgrade executes and a rating follows; then those blocks are replaced.
      const first = await queued.execute()
      await rateInferences(w, [1n], 5)
      await waitForHead(idx)
      expect(await expectIndexEqualsChain()).toEqual({ upgrades: 2, ratings: 1 })
      const [linked] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM contract_upgrade WHERE proposal_id = $1 AND block_number = $2',
        [queued.proposalId.toString(), Number(first.blockNumber)],
      )
      expect(linked.n).toBe(2)
      const head = await latest()
      await anvilReorg(chain.rpcUrl, {
        wopen: w.stack.wopen,
        from: chain.accounts[14],
        depth: Number(head.number - first.blockNumber) + 1,
        salt: 1,
      })
      await waitForHead(idx)
      // The upgrade is gone with its blocks: the old implementations are back, the proposal is queued.
      expect(await expectIndexEqualsChain()).toEqual({ upgrades: 0, ratings: 0 })

      // Anyone executes the still-queued proposal again, this time directly on the timelock.
      const second = await queued.executeOnTimelock()
      await rateInferences(w, [1n, 2n], 4)
      await waitForHead(idx)
      expect(await expectIndexEqualsChain()).toEqual({ upgrades: 2, ratings: 2 })
      const [direct] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM contract_upgrade WHERE proposal_id = $1 AND block_number = $2',
        [queued.proposalId.toString(), Number(second.blockNumber)],
      )
      expect(direct.n).toBe(2)
    } finally {
      await idx.stop()
    }

    // More ratings while the indexer runs as a process that is SIGKILLed, then restarted.
    const before = await indexedHeight(db.settings)
    await rateInferences(w, [3n, 1n], 2)
    await killIndexerAbove({ rpcUrl: chain.rpcUrl, manifestPath, db: db.settings, above: before })
    await rateInferences(w, [2n], 1)
    const final = await latest()
    await resumeToHead({ rpcUrl: chain.rpcUrl, manifestPath, db: db.settings, head: final })
    expect(await expectIndexEqualsChain()).toEqual({ upgrades: 2, ratings: 5 })
    const [a, b] = await digestsAgainstCleanIndex({
      db,
      rpcUrl: chain.rpcUrl,
      manifest: w.manifest,
      final,
      name: 'clean',
    })
    expect(a.contract_upgrade).toBeDefined()
    expect(a.inference_rating).toBeDefined()
    expect(a).toEqual(b)
    expect(getAddress(proxyOf('InferenceRouter'))).toBe(getAddress(w.stack.router))
  })
})
