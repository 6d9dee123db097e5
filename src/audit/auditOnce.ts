import { type Address, type Hex, type PublicClient, zeroAddress } from 'viem'
import { createArtifactStore } from '../attribution/artifactStore'
import type { Manifest } from '../manifest/manifest'
import { auditorAccount } from './auditorAccount'
import { auditSettlements } from './auditSettlements'
import type { AuditReport } from './auditTypes'
import { createAuditScorers } from './createAuditScorers'
import { evidenceWriter } from './evidence'
import { loadSettlementsFromChain } from './loadSettlementsFromChain'

export type AuditOnceOptions = {
  /** A client of a node on `chainId`, the manifest's chain (see `connectChain`). */
  publicClient: PublicClient
  chainId: number
  manifest: Manifest
  /** Only these inferences. @default every settled inference */
  inferenceIds?: readonly bigint[]
  /** Only settlements at or after this block. */
  fromBlock?: number
  /** Only settlements at or before this block. */
  toBlock?: number
  /** The content-addressed artifact store. */
  artifactDir: string
  /** Where the attribution runs. @default 'auto' */
  device?: NonNullable<Parameters<typeof createAuditScorers>[1]>['device']
  /** The installation's auditor key: `<dataDir>/auditor.key`, or `privateKey` when given. */
  auditor: { dataDir: string; privateKey?: Hex }
  /** Where the signed evidence files go. */
  outDir: string
  /** Told how many settlements are to be audited, once they are loaded. */
  onLoaded?: (count: number) => void
}

/**
 * `openledger audit`: loads the settled inferences from the chain, audits them
 * ({@link auditSettlements}) and writes one signed evidence file per report into `outDir`, signed by
 * the installation's auditor key ({@link auditorAccount}). The reports are returned in the order of
 * the settlements, with the signer and the seconds it took (loading included).
 *
 * @example
 * const { publicClient, chainId } = await connectChain(rpcUrl, manifest.chainId)
 * const { reports, auditor } = await auditOnce({ publicClient, chainId, manifest, artifactDir,
 *   auditor: { dataDir }, outDir: '.data/audits' })
 */
export async function auditOnce(
  opts: AuditOnceOptions,
): Promise<{ reports: AuditReport[]; auditor: Address; seconds: number }> {
  const { manifest, chainId } = opts
  const started = Date.now()
  const loaded = await loadSettlementsFromChain({
    publicClient: opts.publicClient,
    manifest,
    inferenceIds: opts.inferenceIds,
  })
  const { contributionsOf } = loaded
  const records = loaded.records.filter(
    (r) =>
      r.blockNumber >= (opts.fromBlock ?? 0) && r.blockNumber <= (opts.toBlock ?? Number.MAX_SAFE_INTEGER),
  )
  opts.onLoaded?.(records.length)
  const store = createArtifactStore({ dir: opts.artifactDir })
  const scorers = createAuditScorers(store, { device: opts.device })
  const account = auditorAccount(opts.auditor)
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
