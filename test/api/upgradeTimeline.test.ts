import { getAbiItem, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inferenceRouterV2Abi, openLedgerGovernorAbi, policyRegistryAbi } from '../../src/abi/viem'
import { type QueuedUpgrade, queueUpgrade, rateInferences } from '../processor/helpers/upgradeActivity'
import { setupWorkloadChain, type WorkloadChain } from '../processor/helpers/workloadChain'
import { type IndexedApi, serveIndexedChain } from './indexedApi'

// The protocol-upgrade timeline over GraphQL, from a chain upgraded through governance and indexed by the real indexer.
let s: WorkloadChain | undefined
let served: IndexedApi | undefined
let queued: QueuedUpgrade
let upgradeBlock: bigint

beforeAll(async () => {
  s = await setupWorkloadChain({ wopenBlocks: 2, txsPerBlock: 2, inferences: 1 })
  queued = await queueUpgrade(s.w, 'Upgrade the router to V2 and redeploy the policy registry')
  upgradeBlock = (await queued.execute()).blockNumber
  await rateInferences(s.w, [2n, 1n], 3)
  served = await serveIndexedChain({ ...s.chain, manifest: s.w.manifest, db: s.db.settings })
}, 240_000)

afterAll(async () => {
  await served?.api.close()
  await s?.stop()
})

const gql = (query: string, variables?: Record<string, unknown>) => served!.gql(query, variables)

describe('upgrade timeline over GraphQL', () => {
  it('lists every implementation change in chain order, each upgrade with the proposal that executed it, equal to the chain', async () => {
    const { chain, w } = s!
    const d = await gql(`{
      contractUpgradesConnection(orderBy: [blockNumber_ASC, logIndex_ASC]) {
        totalCount
        edges { node {
          contract implementation previousImplementation blockNumber txHash
          proxy { id }
          proposal { id status description }
        } }
      }
    }`)
    const proxies = Object.fromEntries(
      (['PolicyRegistry', 'DatanetRegistry', 'ModelRegistry', 'InferenceRouter'] as const).map((n) => [
        w.manifest.contracts[n]!.address.toLowerCase(),
        n,
      ]),
    )
    const logs = (
      await chain.publicClient.getLogs({
        address: Object.keys(proxies) as `0x${string}`[],
        event: getAbiItem({ abi: policyRegistryAbi, name: 'Upgraded' }),
        fromBlock: 0n,
      })
    ).sort((a, b) => Number(a.blockNumber - b.blockNumber) || a.logIndex - b.logIndex)
    expect(d.contractUpgradesConnection.totalCount).toBe(logs.length)
    expect(logs).toHaveLength(6)
    const previous = new Map<string, string>()
    const expected = []
    for (const log of logs) {
      const proxy = log.address.toLowerCase()
      const implementation = log.args.implementation!.toLowerCase()
      const receipt = await chain.publicClient.getTransactionReceipt({ hash: log.transactionHash })
      const [executed] = parseEventLogs({
        abi: openLedgerGovernorAbi,
        logs: receipt.logs,
        eventName: 'ProposalExecuted',
      })
      expected.push({
        contract: proxies[proxy],
        implementation,
        previousImplementation: previous.get(proxy) ?? null,
        blockNumber: Number(log.blockNumber),
        txHash: log.transactionHash,
        proxy: { id: proxy },
        proposal: executed
          ? {
              id: executed.args.proposalId.toString(),
              status: 'EXECUTED',
              description: 'Upgrade the router to V2 and redeploy the policy registry',
            }
          : null,
      })
      previous.set(proxy, implementation)
    }
    expect(d.contractUpgradesConnection.edges.map((e: { node: unknown }) => e.node)).toEqual(expected)
    expect(expected.filter((e) => e.proposal).map((e) => [e.contract, e.blockNumber])).toEqual([
      ['InferenceRouter', Number(upgradeBlock)],
      ['PolicyRegistry', Number(upgradeBlock)],
    ])
  })

  it('serves each proxy with its current implementation and its upgrades, filtered by proposal', async () => {
    const { w } = s!
    const router = w.manifest.contracts.InferenceRouter!.address.toLowerCase()
    const d = await gql(
      `query($id: String!, $proposal: String!) {
        upgradeableContractById(id: $id) {
          contract implementation upgradeCount deployedAtBlock lastUpgradedAtBlock
          upgrades(orderBy: blockNumber_ASC) { implementation proposal { id } }
        }
        upgradeableContracts(orderBy: contract_ASC, where: { upgradeCount_gt: 0 }) { contract }
        contractUpgrades(where: { proposal: { id_eq: $proposal } }, orderBy: contract_ASC) { contract }
      }`,
      { id: router, proposal: queued.proposalId.toString() },
    )
    const v2 = queued.implementations.get(w.stack.router)!.toLowerCase()
    expect(d.upgradeableContractById).toMatchObject({
      contract: 'InferenceRouter',
      implementation: v2,
      upgradeCount: 1,
      deployedAtBlock: w.manifest.contracts.InferenceRouter!.startBlock,
      lastUpgradedAtBlock: Number(upgradeBlock),
    })
    expect(
      d.upgradeableContractById.upgrades.map((u: { implementation: string }) => u.implementation).at(-1),
    ).toBe(v2)
    expect(d.upgradeableContractById.upgrades.at(-1).proposal).toEqual({ id: queued.proposalId.toString() })
    expect(d.upgradeableContracts).toEqual([{ contract: 'InferenceRouter' }, { contract: 'PolicyRegistry' }])
    expect(d.contractUpgrades).toEqual([{ contract: 'InferenceRouter' }, { contract: 'PolicyRegistry' }])
  })

  it('serves the V2 ratings, all after the upgrade, with their inference and rater', async () => {
    const { chain, w } = s!
    const d = await gql(`{
      inferenceRatings(orderBy: blockNumber_ASC) { score blockNumber inference { id caller { id } } rater { id } }
    }`)
    const rated = parseEventLogs({
      abi: inferenceRouterV2Abi,
      logs: await chain.publicClient.getLogs({ address: w.stack.router, fromBlock: 0n }),
      eventName: 'InferenceRated',
    })
    expect(d.inferenceRatings).toEqual(
      rated.map((l) => ({
        score: l.args.score,
        blockNumber: Number(l.blockNumber),
        inference: { id: l.args.inferenceId.toString(), caller: { id: l.args.caller.toLowerCase() } },
        rater: { id: l.args.caller.toLowerCase() },
      })),
    )
    expect(d.inferenceRatings.map((r: { inference: { id: string } }) => r.inference.id)).toEqual(['2', '1'])
    for (const r of d.inferenceRatings) expect(r.blockNumber).toBeGreaterThan(Number(upgradeBlock))
  })
})
