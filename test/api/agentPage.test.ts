import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inferenceRouterAbi } from '../../src/abi/viem'
import { escapeText } from '../../src/computation/storableText'
import { agentRegistryAbi } from '../contracts/ai/simulateAgents'
import {
  type AgentFleet,
  agentRound,
  agentsFromBothSides,
  deployAgentFleet,
  HOSTILE_METADATA,
} from '../processor/helpers/agentActivity'
import { setupDatabase, type TestDatabase } from '../processor/helpers/database'
import { deployAndRunWorkload, type Workload } from '../processor/helpers/workload'
import { setupChain, type TestChain } from '../setup/chain'
import { startAll } from '../setup/startAll'
import { type IndexedApi, serveIndexedChain } from './indexedApi'

// An agent page's data over GraphQL, from data indexed off a real chain (anvil → indexer → PostgreSQL).
let chain: TestChain
let db: TestDatabase
let w: Workload
let fleet: AgentFleet
let served: IndexedApi | undefined

beforeAll(async () => {
  ;[chain, db] = await startAll([setupChain(), setupDatabase()])
  w = await deployAndRunWorkload(chain, { inferences: 1 })
  fleet = await deployAgentFleet(chain, w)
  await agentRound(chain, w, fleet, 1)
  await agentRound(chain, w, fleet, 2)
  served = await serveIndexedChain({ ...chain, manifest: w.manifest, db: db.settings })
}, 240_000)

afterAll(async () => {
  await served?.api.close()
  await Promise.all([chain?.stop(), db?.stop()])
})

const gql = (query: string, variables?: Record<string, unknown>) => served!.gql(query, variables)

const AGENT_PAGE = `query AgentPage($id: String!) {
  agentById(id: $id) {
    id owner { id } operator { id } model { id name currentVersion pricePerInference }
    boundVersion pricePerAction paused metadataURI actionCount revenue modelCost margin refunded reclaimedCount
    createdAtBlock createdTx
    actions(orderBy: blockNumber_ASC) {
      id caller { id } paid modelFee margin reclaimed routerInferenceId txHash
      inference { id status fee caller { id } settlement { modelOwnerAmount contributorsAmount } }
    }
  }
  settled: agentActionsConnection(orderBy: id_ASC, where: { agent: { id_eq: $id }, inference: { status_eq: SETTLED } }) { totalCount }
}`

describe('agent page over GraphQL', () => {
  it('serves each agent, its actions and the inferences they caused as the chain has them', async () => {
    const head = await chain.publicClient.getBlockNumber({ cacheTime: 0 })
    const onChain = (await agentsFromBothSides(chain, db, fleet.registry, head)).chain
    for (const agent of onChain.agents) {
      const { agentById: page, settled } = await gql(AGENT_PAGE, { id: agent.id })
      expect(page).toMatchObject({
        id: agent.id,
        owner: { id: agent.owner_id },
        operator: { id: agent.operator_id },
        model: { id: agent.model_id, currentVersion: 1, pricePerInference: w.models[0].price.toString() },
        boundVersion: agent.bound_version,
        pricePerAction: agent.price_per_action,
        paused: agent.paused,
        metadataURI: agent.metadata_uri,
        actionCount: agent.action_count,
        revenue: agent.revenue,
        modelCost: agent.model_cost,
        margin: agent.margin,
      })
      const mine = onChain.actions.filter((a) => a.agent_id === agent.id)
      expect(page.actions.map((a: { id: string }) => a.id)).toEqual(mine.map((a) => a.id))
      let settledOnChain = 0
      for (const [i, a] of mine.entries()) {
        const inference = await chain.publicClient.readContract({
          address: w.stack.router,
          abi: inferenceRouterAbi,
          functionName: 'inferenceOf',
          args: [BigInt(a.inference_id)],
        })
        // Router status enum: 1 Requested, 2 Fulfilled, 3 Settled, 4 Cancelled.
        const status = ['NONE', 'REQUESTED', 'FULFILLED', 'SETTLED', 'CANCELLED'][inference.status]
        if (status === 'SETTLED') settledOnChain++
        expect(page.actions[i]).toMatchObject({
          caller: { id: a.caller_id },
          paid: a.paid,
          modelFee: a.model_fee,
          margin: a.margin,
          routerInferenceId: a.inference_id,
          inference: {
            id: a.inference_id,
            status,
            fee: inference.fee.toString(),
            caller: { id: fleet.registry.toLowerCase() },
          },
        })
        expect(page.actions[i].inference.settlement === null).toBe(status !== 'SETTLED')
      }
      expect(settled.totalCount).toBe(settledOnChain)
    }
    expect(onChain.agents.map((a) => a.metadata_uri)).toContain(escapeText(HOSTILE_METADATA))
  })

  it('reaches the agent from its model, its inferences and its owner', async () => {
    const agents = await chain.publicClient.readContract({
      address: fleet.registry,
      abi: agentRegistryAbi,
      functionName: 'agentCount',
    })
    const data = await gql(`{
      modelById(id: "${w.models[0].id}") { agents(orderBy: id_ASC) { id } }
      inferences(orderBy: id_ASC, where: { agentAction: { agent: { id_eq: "2" } } }) { id agentAction { id agent { id } } }
      agentsConnection(orderBy: id_ASC, where: { owner: { id_eq: "${chain.accounts[16].toLowerCase()}" } }) { totalCount edges { node { id } } }
      direct: inferencesConnection(orderBy: id_ASC, where: { agentAction_isNull: true }) { totalCount }
    }`)
    expect(data.modelById.agents.map((a: { id: string }) => a.id)).toEqual(
      Array.from({ length: Number(agents) }, (_, i) => String(i + 1)),
    )
    expect(data.inferences.length).toBe(4) // two rounds, two callers
    expect(
      data.inferences.every(
        (i: { agentAction: { agent: { id: string } } }) => i.agentAction.agent.id === '2',
      ),
    ).toBe(true)
    // Wallet 16 owns the plain agent and, through the rejecting contract, nothing else.
    expect(data.agentsConnection).toEqual({ totalCount: 1, edges: [{ node: { id: '1' } }] })
    // The workload's own inferences were requested directly.
    expect(data.direct.totalCount).toBe(w.inferences.length)
  })
})
