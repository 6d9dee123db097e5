import pg from 'pg'
import type { PublicClient } from 'viem'
import { ConfigError } from '../errors'
import { readManifest } from '../manifest/manifest'
import type { SettlementRecord } from './auditTypes'
import { loadSettlementsFromChain } from './loadSettlementsFromChain'
import { loadSettlementsFromDb } from './loadSettlementsFromDb'
import type { RecordSource } from './verifyEvidence'

/** Where evidence records are rebuilt from: the chain, else the index, else nowhere (signature only). */
export type RecordSourceOptions = {
  /** The deployment manifest (its chain id and InferenceRouter). */
  manifestPath: string
  /** Rebuild records from the chain: a client of a node checked to be on `chainId` (the manifest's). */
  chain?: (chainId: number) => Promise<PublicClient>
  /** Rebuild records from this indexed PostgreSQL database (when no `chain`). */
  databaseUrl?: string
}

/**
 * The chain or the index to rebuild evidence records from, loaded once for the inferences `ids`;
 * `undefined` when neither is given (the record is then only checked against its signature).
 *
 * @throws {ConfigError} the manifest lists no InferenceRouter.
 * @throws {ChainIdMismatchError} the node is on another chain than the manifest (from `chain`).
 * @example
 * const source = await loadRecordSource({ manifestPath, chain: async (id) => (await connectChain(rpcUrl, id)).publicClient }, [3n])
 */
export async function loadRecordSource(
  opts: RecordSourceOptions,
  ids: readonly bigint[],
): Promise<RecordSource | undefined> {
  if (!opts.chain && opts.databaseUrl === undefined) return undefined
  const manifest = readManifest(opts.manifestPath)
  const router = manifest.contracts.InferenceRouter?.address
  if (!router) throw new ConfigError(`${opts.manifestPath} lists no InferenceRouter.`)
  const lookup = (records: SettlementRecord[]) => {
    const byId = new Map(records.map((r) => [r.inferenceId, r]))
    return async (id: bigint) => byId.get(id)
  }
  const base = (name: string) => ({ name, chainId: manifest.chainId, inferenceRouter: router })
  if (opts.chain) {
    const publicClient = await opts.chain(manifest.chainId)
    const { records } = await loadSettlementsFromChain({ publicClient, manifest, inferenceIds: ids })
    return { ...base('chain'), recordOf: lookup(records) }
  }
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 2 })
  // A lost idle connection must not end the process: the query that needs one fails instead.
  pool.on('error', () => {})
  try {
    const { records } = await loadSettlementsFromDb(pool, { inferenceIds: ids, includeAudited: true })
    return { ...base('index'), recordOf: lookup(records) }
  } finally {
    await pool.end()
  }
}
