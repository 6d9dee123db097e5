import pg from 'pg'
import { createClients } from '../chain/createClients'
import { rpcChainId } from '../chain/rpcChainId'
import type { Config } from '../config'
import { ConfigError } from '../errors'
import { readManifest } from '../manifest/manifest'
import type { SettlementRecord } from './auditTypes'
import { loadSettlementsFromChain } from './loadSettlementsFromChain'
import { loadSettlementsFromDb } from './loadSettlementsFromDb'
import type { RecordSource } from './verifyEvidence'

export type RecordSourceOptions = {
  config: Pick<Config, 'manifestPath' | 'rpcUrl' | 'database'>
  /** Rebuild records from `config.rpcUrl` (and the manifest). */
  useChain: boolean
  /** Rebuild records from `config.database` (must be external). */
  useIndex: boolean
}

/**
 * The chain or the index to rebuild evidence records from, loaded once for the inferences `ids`;
 * `undefined` when neither is asked for (the record is then only checked against its signature).
 *
 * @throws {ConfigError} the manifest lists no InferenceRouter, or the node or database is missing.
 * @throws {ChainIdMismatchError} the node is on another chain than the manifest.
 * @example
 * const source = await loadRecordSource({ config, useChain: true, useIndex: false }, [3n, 7n])
 */
export async function loadRecordSource(
  opts: RecordSourceOptions,
  ids: readonly bigint[],
): Promise<RecordSource | undefined> {
  if (!opts.useChain && !opts.useIndex) return undefined
  const manifest = readManifest(opts.config.manifestPath)
  const router = manifest.contracts.InferenceRouter?.address
  if (!router) throw new ConfigError(`${opts.config.manifestPath} lists no InferenceRouter.`)
  const lookup = (records: SettlementRecord[]) => {
    const byId = new Map(records.map((r) => [r.inferenceId, r]))
    return async (id: bigint) => byId.get(id)
  }
  const base = (name: string) => ({ name, chainId: manifest.chainId, inferenceRouter: router })
  if (opts.useChain) {
    const rpcUrl = opts.config.rpcUrl
    if (!rpcUrl) throw new ConfigError('--rpc-url (or RPC_URL) is needed to check records against the chain.')
    const chainId = await rpcChainId(rpcUrl, { expected: manifest.chainId })
    const { publicClient } = createClients({ rpcUrl, chainId })
    const { records } = await loadSettlementsFromChain({ publicClient, manifest, inferenceIds: ids })
    return { ...base('chain'), recordOf: lookup(records) }
  }
  if (opts.config.database.kind !== 'external')
    throw new ConfigError('--db-url (or DB_URL) must name the indexed PostgreSQL database.')
  const pool = new pg.Pool({ connectionString: opts.config.database.url, max: 2 })
  // A lost idle connection must not end the process: the query that needs one fails instead.
  pool.on('error', () => {})
  try {
    const { records } = await loadSettlementsFromDb(pool, { inferenceIds: ids, includeAudited: true })
    return { ...base('index'), recordOf: lookup(records) }
  } finally {
    await pool.end()
  }
}
