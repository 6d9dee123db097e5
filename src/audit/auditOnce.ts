import { type Address, zeroAddress } from 'viem'
import { createArtifactStore } from '../attribution/artifactStore'
import { createClients } from '../chain/createClients'
import { rpcChainId } from '../chain/rpcChainId'
import type { Config } from '../config'
import type { Manifest } from '../manifest/manifest'
import { auditorAccount } from './auditorAccount'
import { auditSettlements } from './auditSettlements'
import type { AuditReport } from './auditTypes'
import { createAuditScorers } from './createAuditScorers'
import { evidenceWriter } from './evidence'
import { loadSettlementsFromChain } from './loadSettlementsFromChain'

export type AuditOnceOptions = {
  config: Pick<Config, 'artifactDir' | 'attributionDevice' | 'dataDir' | 'auditorKey'>
  manifest: Manifest
  /** The node to read the settlements from; it must be on the manifest's chain. */
  rpcUrl: string
  /** Only these inferences. @default every settled inference */
  inferenceIds?: readonly bigint[]
  /** Only settlements at or after this block. */
  fromBlock?: number
  /** Only settlements at or before this block. */
  toBlock?: number
  /** Where the signed evidence files go. */
  outDir: string
  /** Says how many settlements are to be audited, once they are loaded. */
  log?: (line: string) => void
}

/**
 * `openledger audit`: loads the settled inferences from the chain, audits them
 * ({@link auditSettlements}) and writes one signed evidence file per report into `outDir`, signed by
 * the installation's auditor key ({@link auditorAccount}). The reports are returned in the order of
 * the settlements, with the signer and the seconds it took (loading included).
 *
 * @throws {ChainIdMismatchError} the node is on another chain than the manifest.
 * @example
 * const { reports, auditor } = await auditOnce({ config, manifest, rpcUrl, outDir: '.data/audits' })
 */
export async function auditOnce(
  opts: AuditOnceOptions,
): Promise<{ reports: AuditReport[]; auditor: Address; seconds: number }> {
  const { config, manifest, rpcUrl } = opts
  const chainId = await rpcChainId(rpcUrl, { expected: manifest.chainId })
  const { publicClient } = createClients({ rpcUrl, chainId })
  const started = Date.now()
  const loaded = await loadSettlementsFromChain({ publicClient, manifest, inferenceIds: opts.inferenceIds })
  const { contributionsOf } = loaded
  const records = loaded.records.filter(
    (r) =>
      r.blockNumber >= (opts.fromBlock ?? 0) && r.blockNumber <= (opts.toBlock ?? Number.MAX_SAFE_INTEGER),
  )
  opts.log?.(`${records.length} settled inferences to audit on ${rpcUrl}`)
  const store = createArtifactStore({ dir: config.artifactDir })
  const scorers = createAuditScorers(store, { device: config.attributionDevice })
  const account = auditorAccount({ dataDir: config.dataDir, privateKey: config.auditorKey })
  try {
    const reports = await auditSettlements(records, { store, scorers, contributionsOf })
    const write = evidenceWriter({
      store,
      account,
      dir: opts.outDir,
      chain: { chainId, inferenceRouter: manifest.contracts.InferenceRouter?.address ?? zeroAddress },
    })
    for (const [i, report] of reports.entries()) await write(records[i], report, contributionsOf)
    return { reports, auditor: account.address, seconds: (Date.now() - started) / 1000 }
  } finally {
    await scorers.close()
  }
}
