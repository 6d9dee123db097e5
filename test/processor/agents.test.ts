import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseEther } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeManifest } from '../../src/manifest/manifest'
import { act, agentCall } from '../contracts/ai/simulateAgents'
import { setupChain, type TestChain } from '../setup/chain'
import { startAll } from '../setup/startAll'
import {
  type AgentFleet,
  agentOwnerChanges,
  agentRound,
  agentsFromBothSides,
  deployAgentFleet,
} from './helpers/agentActivity'
import { setupDatabase, type TestDatabase } from './helpers/database'
import { digestsAgainstCleanIndex } from './helpers/digest'
import { startIndexer } from './helpers/indexUntil'
import { killIndexerAbove } from './helpers/killAndResume'
import { anvilReorg } from './helpers/rpc'
import { deployAndRunWorkload, type Workload } from './helpers/workload'

const FINALITY = 5
const ONE_DAY = 86_400

let chain: TestChain
let db: TestDatabase
let w: Workload
let fleet: AgentFleet
let manifestPath: string

beforeAll(async () => {
  ;[chain, db] = await startAll([setupChain(), setupDatabase()])
  w = await deployAndRunWorkload(chain, { inferences: 1 })
  fleet = await deployAgentFleet(chain, w)
  await agentRound(chain, w, fleet, 1)
  manifestPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ol-agents-')), 'manifest.json')
  writeManifest(manifestPath, w.manifest)
}, 180_000)

afterAll(async () => {
  await Promise.all([chain?.stop(), db?.stop()])
})

const latest = () => chain.publicClient.getBlock({ blockTag: 'latest' })

/** Runs the `index` CLI until it has committed past `height`, then SIGKILLs it; returns where it stood. */
const killAfter = (height: number) =>
  killIndexerAbove({ rpcUrl: chain.rpcUrl, manifestPath, db: db.settings, finality: FINALITY, above: height })

/** The indexed agents and actions equal what the registry says at the indexed head. */
async function expectIndexedAsOnChain() {
  const head = await latest()
  const both = await agentsFromBothSides(chain, db, fleet.registry, head.number)
  expect(both.chain.actions.length).toBeGreaterThan(0)
  expect(both.indexed).toEqual(both.chain)
  return both
}

describe('AgentRegistry indexed from a chain', () => {
  it('equals the chain across SIGKILLs, a reclaim and a reorg, and a clean re-index', async () => {
    // Killed once with agent activity committed, then again while the chain has moved on.
    const first = await killAfter(w.manifest.contracts.AgentRegistry!.startBlock)
    await agentRound(chain, w, fleet, 2)
    await agentOwnerChanges(chain, fleet)
    await killAfter(first)

    // A timed-out action reclaimed by its payer: the refund is the model fee, the margin stays.
    const [plain] = fleet.agents
    const stale = await act(plain, chain.wallets[14], 'never answered')
    await chain.mine(1, ONE_DAY + 1)
    await agentCall(plain, chain.wallets[14], 'reclaim', [stale.actionId])

    const idx = startIndexer({
      rpcUrl: chain.rpcUrl,
      manifest: w.manifest,
      db: db.settings,
      finality: FINALITY,
    })
    try {
      let head = await latest()
      await idx.waitForHash(Number(head.number), head.hash)
      const settled = await expectIndexedAsOnChain()
      expect(settled.indexed.actions.filter((a) => a.reclaimed)).toMatchObject([
        { id: stale.actionId.toString(), refund: stale.modelFee.toString() },
      ])
      // Every action links the inference it caused, requested by the registry.
      const links = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM agent_action a JOIN inference i ON i.id = a.inference_id
          WHERE i.caller_id = $1 AND i.fee = a.model_fee`,
        [fleet.registry.toLowerCase()],
      )
      expect(Number(links[0].n)).toBe(settled.chain.actions.length)
      // The rejecting owner's margins were deferred and are recorded as such.
      const deferred = await db.query<{ amount: string }>(
        'SELECT amount::text FROM deferred_payment WHERE recipient_id = (SELECT owner_id FROM agent WHERE id = $1)',
        ['3'],
      )
      expect(deferred.reduce((s, d) => s + BigInt(d.amount), 0n)).toBe(settled.owed)
      expect(settled.owed).toBe(parseEther('0.4') * 2n * 2n - w.models[0].price * 2n * 2n)
      const sanitised = await db.query<{ field: string }>(
        `SELECT field FROM indexing_anomaly WHERE kind = 'SANITISED_VALUE' AND contract = 'AgentRegistry'`,
      )
      expect(sanitised.map((r) => r.field)).toEqual(['AgentDeployed.metadataURI'])

      // An action in blocks that a reorg replaces disappears from the index, totals included.
      await act(plain, chain.wallets[12], 'reorged away')
      head = await latest()
      await idx.waitForHash(Number(head.number), head.hash)
      const before = await db.query<{ n: string }>('SELECT count(*) AS n FROM agent_action')
      await anvilReorg(chain.rpcUrl, { wopen: w.stack.wopen, from: chain.accounts[14], depth: 2, salt: 3 })
      head = await latest()
      await idx.waitForHash(Number(head.number), head.hash)
      const after = await db.query<{ n: string }>('SELECT count(*) AS n FROM agent_action')
      expect(Number(after[0].n)).toBe(Number(before[0].n) - 1)
      await expectIndexedAsOnChain()

      await agentRound(chain, w, fleet, 3)
      head = await latest()
      await idx.waitForHash(Number(head.number), head.hash)
      await expectIndexedAsOnChain()
    } finally {
      await idx.stop()
    }

    const final = await latest()
    const [a, b] = await digestsAgainstCleanIndex({
      db,
      rpcUrl: chain.rpcUrl,
      manifest: w.manifest,
      final,
      name: 'clean',
      finality: FINALITY,
    })
    expect(a.agent_action.split(':')[0]).not.toBe('0')
    expect(a).toEqual(b)
  })
})
