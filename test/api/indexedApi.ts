import fs from 'node:fs'
import path from 'node:path'
import type { PublicClient } from 'viem'
import { expect } from 'vitest'
import { type ApiServer, startApiServer } from '../../src/api'
import type { DbSettings } from '../../src/db/dbSettings'
import type { Manifest } from '../../src/manifest/manifest'
import { startIndexer } from '../processor/helpers/indexUntil'
import { ROOT } from '../setup/chain'
import { postJson } from './fixtureApi'

/** An API over indexed data, and a query that fails the test on any GraphQL error. */
export type IndexedApi = {
  api: ApiServer
  gql(query: string, variables?: Record<string, unknown>): Promise<Record<string, any>>
}

/**
 * Indexes the chain up to its latest block (height and hash) with the real indexer, stops it,
 * then serves the product's schema over that database: API tests read data indexed from a chain,
 * not synthetic rows.
 *
 * @example
 * const { api, gql } = await serveIndexedChain({ rpcUrl, publicClient, manifest, db: db.settings })
 */
export async function serveIndexedChain(opts: {
  rpcUrl: string
  publicClient: PublicClient
  manifest: Manifest
  db: DbSettings
}): Promise<IndexedApi> {
  const head = await opts.publicClient.getBlock({ blockTag: 'latest' })
  const idx = startIndexer({ rpcUrl: opts.rpcUrl, manifest: opts.manifest, db: opts.db })
  try {
    await idx.waitForHash(Number(head.number), head.hash)
  } finally {
    await idx.stop()
  }
  const api = await startApiServer({
    connection: opts.db,
    schemaText: fs.readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'),
    port: 0,
    options: { host: '127.0.0.1', rateLimit: false, log: () => {} },
  })
  return {
    api,
    gql: async (query, variables) => {
      const res = await postJson(api.url, { query, variables })
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined()
      return res.body.data
    },
  }
}
