import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { marketRead, positionOf } from '../contracts/ai/computeSimulate'
import type { Model } from '../contracts/ai/simulate'
import { computeActivity, computeOf } from '../processor/helpers/computeActivity'
import { setupWorkloadChain, type WorkloadChain } from '../processor/helpers/workloadChain'
import { type IndexedApi, serveIndexedChain } from './indexedApi'

// Compute providers over GraphQL, from a chain with ComputeMarket activity indexed by the real indexer.
let s: WorkloadChain | undefined
let served: IndexedApi | undefined

beforeAll(async () => {
  s = await setupWorkloadChain({ wopenBlocks: 2, txsPerBlock: 2, inferences: 1 })
  await computeActivity(s.w, { fulfilled: 3, missed: 2, salt: 'api', unbond: true })
  served = await serveIndexedChain({ ...s.chain, manifest: s.w.manifest, db: s.db.settings })
}, 180_000)

afterAll(async () => {
  await served?.api.close()
  await s?.stop()
})

const gql = (query: string, variables?: Record<string, unknown>) => served!.gql(query, variables)

describe('compute providers over GraphQL', () => {
  it('serves a provider that missed deadlines with its bond, slashes and requests, equal to the chain', async () => {
    const chain = s!.chain
    const c = computeOf(s!.w)
    const model = s!.w.models[0] as Model
    const missing = chain.accounts[19].toLowerCase()
    const d = await gql(
      `query($id: String!) {
        computeProviderById(id: $id) {
          id bonded unbonding slashed fulfilledCount missedCount openRequests status
          account { id }
          bonds { id model { id } bonded slashed missedCount status }
          requests(orderBy: id_ASC) { id status fee slashed refund payer { id } inference { id } }
          events(orderBy: id_ASC) { kind amount request { id } }
        }
      }`,
      { id: missing },
    )
    const p = d.computeProviderById
    const position = await positionOf(c, chain.accounts[19], model)
    const slash = await marketRead<bigint>(c, 'slashAmount')
    expect(p).toMatchObject({
      id: missing,
      account: { id: missing },
      bonded: position.bonded.toString(),
      unbonding: '0',
      slashed: (2n * slash).toString(),
      fulfilledCount: 0,
      missedCount: 2,
      openRequests: 0,
      status: 'BONDED',
    })
    expect(p.bonds).toEqual([
      {
        id: `${missing}-${model.id}`,
        model: { id: model.id.toString() },
        bonded: position.bonded.toString(),
        slashed: (2n * slash).toString(),
        missedCount: 2,
        status: 'BONDED',
      },
    ])
    expect(p.requests.map((r: { status: string }) => r.status)).toEqual(['MISSED', 'MISSED'])
    for (const r of p.requests) {
      expect(r).toMatchObject({ slashed: slash.toString(), refund: r.fee, inference: null })
    }
    expect(p.events.map((e: { kind: string }) => e.kind)).toEqual(['BONDED', 'SLASHED', 'SLASHED'])
  })

  it('lists fulfilled requests with the router inference they created, filtered and counted', async () => {
    const d = await gql(`{
      computeRequestsConnection(orderBy: id_ASC, where: { status_eq: FULFILLED }) {
        totalCount
        edges { node { id provider { id } inference { id caller { id } status } } }
      }
      computeProviders(orderBy: id_ASC, where: { unbonding_gt: "0" }) { id unbonding status }
    }`)
    const market = computeOf(s!.w).market.toLowerCase()
    expect(d.computeRequestsConnection.totalCount).toBe(3)
    for (const { node } of d.computeRequestsConnection.edges) {
      expect(node.inference).toMatchObject({ caller: { id: market }, status: 'FULFILLED' })
    }
    // Provider 18 unbonded one minimum bond of three: unbonding, still BONDED with the rest.
    const minBond = await marketRead<bigint>(computeOf(s!.w), 'minBond')
    expect(d.computeProviders).toEqual([
      { id: s!.chain.accounts[18].toLowerCase(), unbonding: minBond.toString(), status: 'BONDED' },
    ])
  })
})
