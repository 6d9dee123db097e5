import path from 'node:path'
import type { Command } from 'commander'
import { auditOnce } from '../audit/auditOnce'
import { connectChain } from '../chain/connectChain'
import type { AttributionDevice } from '../config'
import { ConfigError } from '../errors'
import { readManifest } from '../manifest/manifest'
import { registerAuditVerify } from './auditVerifyCommand'
import { loadFlagConfig } from './configFlags'
import { parseCount, parseDevice } from './parseFlags'
import { printAuditSummary } from './printAuditSummary'

type AuditFlags = {
  rpcUrl?: string
  manifest?: string
  inference?: string
  fromBlock?: number
  toBlock?: number
  device?: AttributionDevice
  out?: string
}

/**
 * Registers `audit` (one-shot audit of settled inferences, with signed evidence files: {@link auditOnce})
 * and under it `audit verify` ({@link registerAuditVerify}).
 *
 * @example
 * registerAudit(program) // then: openledger audit --inference 3,7 ; openledger audit verify .data/audits/*.json
 */
export function registerAudit(program: Command): void {
  const audit = program
    .command('audit')
    .description(
      'recompute the attribution of settled inferences, check every payout, write signed evidence files',
    )
    .option('--rpc-url <url>', "node to read settlements from (default: RPC_URL, else the manifest's rpcUrl)")
    .option('--manifest <file>', 'deployment manifest (default: MANIFEST or .data/manifest.json)')
    .option('--inference <ids>', 'comma-separated inference ids (default: every settled inference)')
    .option('--from-block <n>', 'only settlements at or after this block', parseCount)
    .option('--to-block <n>', 'only settlements at or before this block', parseCount)
    .option('--device <device>', 'cpu, cuda or auto (default: ATTRIBUTION_DEVICE or auto)', parseDevice)
    .option('--out <dir>', 'evidence directory (default: <DATA_DIR>/audits)')
    .action(async (flags: AuditFlags) => {
      const config = loadFlagConfig({
        manifestPath: flags.manifest,
        rpcUrl: flags.rpcUrl,
        attributionDevice: flags.device,
      })
      const manifest = readManifest(config.manifestPath)
      const rpcUrl = config.rpcUrl ?? manifest.rpcUrl
      if (!rpcUrl) throw new ConfigError('audit needs a node: pass --rpc-url or set RPC_URL.')
      const { publicClient, chainId } = await connectChain(rpcUrl, manifest.chainId)
      const outDir = flags.out ?? path.join(config.dataDir, 'audits')
      const { reports, auditor, seconds } = await auditOnce({
        publicClient,
        chainId,
        manifest,
        inferenceIds: flags.inference?.split(',').map((s) => BigInt(s.trim())),
        fromBlock: flags.fromBlock,
        toBlock: flags.toBlock,
        artifactDir: config.artifactDir,
        device: config.attributionDevice,
        auditor: { dataDir: config.dataDir, privateKey: config.auditorKey },
        outDir,
        onLoaded: (count) => console.log(`[audit] ${count} settled inferences to audit on ${rpcUrl}`),
      })
      printAuditSummary(reports, seconds)
      console.log(`[audit] evidence signed by ${auditor} written to ${outDir}`)
    })

  registerAuditVerify(audit)
}
