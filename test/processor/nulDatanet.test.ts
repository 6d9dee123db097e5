import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { datanetRegistryAbi } from '../../src/abi/viem'
import { type ApiServer, startApiServer } from '../../src/api'
import { deployStack } from '../../src/chain/deployStack'
import type { Manifest } from '../../src/manifest/manifest'
import { ROOT, setupChain, type TestChain } from '../setup/chain'
import { setupDatabase, type TestDatabase } from './helpers/database'
import { startIndexer } from './helpers/indexUntil'

let chain: TestChain
let db: TestDatabase
let manifest: Manifest

beforeAll(async () => {
  ;[chain, db] = await Promise.all([setupChain(), setupDatabase()])
  manifest = await deployStack({ root: ROOT, wallet: chain.wallets[0], publicClient: chain.publicClient })
}, 120_000)

afterAll(async () => {
  await Promise.all([chain?.stop(), db?.stop()])
})

describe('a NUL byte from an ordinary account (issue 13)', () => {
  it('is indexed escaped, recorded as an anomaly, served by GraphQL, and indexing goes on', async () => {
    const registry = manifest.contracts.DatanetRegistry!.address
    const create = async (from: number, name: string) => {
      const hash = await chain.wallets[from].writeContract({
        address: registry,
        abi: datanetRegistryAbi,
        functionName: 'createDatanet',
        args: [name, 'ipfs://x'],
      })
      return chain.publicClient.waitForTransactionReceipt({ hash })
    }
    // An ordinary account (not the deployer), through the real contract.
    const evil = await create(7, 'evil\u0000name')
    expect(evil.status).toBe('success')
    const after = await create(8, 'after')
    const head = Number(after.blockNumber)

    // runIndexer, as `npm start` runs it, into real PostgreSQL.
    const idx = startIndexer({ rpcUrl: chain.rpcUrl, manifest, db: db.settings })
    try {
      await idx.waitFor(head)
      expect(idx.failure).toBeUndefined()
    } finally {
      await idx.stop()
    }

    const anomalies = await db.query<Record<string, unknown>>(
      'SELECT kind, contract, field, original, block_number, log_index, tx_hash, message FROM indexing_anomaly',
    )
    expect(anomalies).toHaveLength(1)
    expect(anomalies[0]).toMatchObject({
      kind: 'SANITISED_VALUE',
      contract: 'DatanetRegistry',
      field: 'DatanetCreated.name',
      original: `0x${Buffer.from('evil\u0000name').toString('hex')}`,
      block_number: Number(evil.blockNumber),
      tx_hash: evil.transactionHash,
      message: 'DatanetCreated.name held NUL: stored escaped',
    })
    expect(anomalies[0].log_index).toBe(
      evil.logs.find((l) => l.address.toLowerCase() === registry.toLowerCase() && l.topics.length === 3)
        ?.logIndex,
    )

    const api: ApiServer = await startApiServer({
      connection: db.settings,
      schemaText: fs.readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'),
      port: 0,
      options: { host: '127.0.0.1', rateLimit: false, log: () => {} },
    })
    try {
      const res = await fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            '{ datanets(orderBy: id_ASC) { id name metadataURI owner { id } } indexingAnomalies { kind field original } indexerStatus: indexerStatusById(id: "processor") { height anomalies skippedLogs } }',
        }),
      })
      const body = (await res.json()) as { data: Record<string, unknown>; errors?: unknown }
      expect(body.errors).toBeUndefined()
      // The documented escape: NUL as \x00 (and backslash doubled); the original bytes in the anomaly.
      expect(body.data.datanets).toEqual([
        {
          id: '1',
          name: 'evil\\x00name',
          metadataURI: 'ipfs://x',
          owner: { id: chain.accounts[7].toLowerCase() },
        },
        { id: '2', name: 'after', metadataURI: 'ipfs://x', owner: { id: chain.accounts[8].toLowerCase() } },
      ])
      expect(body.data.indexingAnomalies).toEqual([
        { kind: 'SANITISED_VALUE', field: 'DatanetCreated.name', original: '0x6576696c006e616d65' },
      ])
      expect(body.data.indexerStatus).toEqual({ height: head, anomalies: 1, skippedLogs: 0 })
    } finally {
      await api.close()
    }
  })
})
