import path from 'node:path'
import type { Command } from 'commander'
import type { Address } from 'viem'
import { createArtifactStore } from '../attribution/artifactStore'
import { auditOnce } from '../audit/auditOnce'
import { readEvidenceEntry } from '../audit/readEvidenceEntry'
import { requireTrustedAuditors } from '../audit/requireTrustedAuditors'
import { verifyEvidenceEntries } from '../audit/verifyEvidenceEntries'
import { verifyEvidenceFiles } from '../audit/verifyEvidenceFiles'
import type { AttributionDevice } from '../config'
import { ConfigError } from '../errors'
import { readManifest } from '../manifest/manifest'
import { DEFAULT_DOWNLOAD_LIMITS } from '../remoteEvidence/downloadBytes'
import { withDownloadedEvidence } from '../remoteEvidence/withDownloadedEvidence'
import { loadFlagConfig } from './configFlags'
import { parseAddresses, parseCount } from './parseFlags'
import { printAuditSummary } from './printAuditSummary'
import { printVerifications } from './printVerifications'

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
 * Registers `audit` (one-shot audit of settled inferences, with signed evidence files) and
 * `audit verify` (offline re-check of evidence files).
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
      const outDir = flags.out ?? path.join(config.dataDir, 'audits')
      const { reports, auditor, seconds } = await auditOnce({
        config,
        manifest,
        rpcUrl,
        inferenceIds: flags.inference?.split(',').map((s) => BigInt(s.trim())),
        fromBlock: flags.fromBlock,
        toBlock: flags.toBlock,
        outDir,
        log: (line) => console.log(`[audit] ${line}`),
      })
      printAuditSummary(reports, seconds)
      console.log(`[audit] evidence signed by ${auditor} written to ${outDir}`)
    })

  audit
    .command('verify [files...]')
    .description(
      'check evidence files: signed by a trusted auditor, record equal to the chain (or index), artifacts intact, audit recomputed to the same verdict',
    )
    .option(
      '--from <urls...>',
      'download evidence over HTTP(S) instead: …/audits/inference-<id>.json, or …/audits/ for every file; artifacts come from the same server',
    )
    .option(
      '--max-bytes <n>',
      `largest evidence file or artifact downloaded (default: ${DEFAULT_DOWNLOAD_LIMITS.maxBytes})`,
      parseCount,
    )
    .option(
      '--timeout <ms>',
      `time limit of each download (default: ${DEFAULT_DOWNLOAD_LIMITS.timeoutMs})`,
      parseCount,
    )
    .option(
      '--auditor <addresses>',
      'comma-separated auditor addresses to trust (added to TRUSTED_AUDITORS; one is required)',
      parseAddresses,
    )
    .option('--rpc-url <url>', 'rebuild each record from this node (with --manifest)')
    .option('--db-url <url>', 'rebuild each record from this indexed PostgreSQL database (with --manifest)')
    .option('--manifest <file>', 'deployment manifest (default: MANIFEST or .data/manifest.json)')
    .option('--artifacts <dir>', 'artifact store (default: ARTIFACT_DIR or .data/artifacts)')
    .option('--device <device>', 'cpu, cuda or auto', parseDevice)
    .action(async (files: string[], _own: VerifyFlags, command: Command) => {
      // `audit` has --rpc-url and --manifest too: commander files them under the parent.
      const flags = command.optsWithGlobals<VerifyFlags>()
      const config = loadFlagConfig({
        artifactDir: flags.artifacts,
        attributionDevice: flags.device,
        rpcUrl: flags.rpcUrl,
        manifestPath: flags.manifest,
        database: flags.dbUrl ? { kind: 'external', url: flags.dbUrl } : undefined,
      })
      const opts = {
        config,
        trustedAuditors: [...config.trustedAuditors, ...(flags.auditor ?? [])],
        useChain: config.rpcUrl !== undefined,
        useIndex: config.rpcUrl === undefined && config.database.kind === 'external',
      }
      if (files.length === 0 && !flags.from?.length)
        throw new ConfigError('audit verify needs evidence: files, or --from <url> (…/audits/ for all).')
      if (!flags.from?.length) {
        if (printVerifications(await verifyEvidenceFiles(files, opts))) process.exitCode = 1
        return
      }
      requireTrustedAuditors(opts.trustedAuditors)
      const limits = {
        maxBytes: flags.maxBytes ?? DEFAULT_DOWNLOAD_LIMITS.maxBytes,
        timeoutMs: flags.timeout ?? DEFAULT_DOWNLOAD_LIMITS.timeoutMs,
      }
      const local = createArtifactStore({ dir: config.artifactDir })
      const results = await withDownloadedEvidence(flags.from, limits, (downloaded) =>
        verifyEvidenceEntries([...files.map((file) => readEvidenceEntry(file, local)), ...downloaded], opts),
      )
      if (printVerifications(results)) process.exitCode = 1
    })
}

type VerifyFlags = {
  from?: string[]
  maxBytes?: number
  timeout?: number
  auditor?: Address[]
  rpcUrl?: string
  dbUrl?: string
  manifest?: string
  artifacts?: string
  device?: AttributionDevice
}

function parseDevice(raw: string): AttributionDevice {
  if (raw !== 'cpu' && raw !== 'cuda' && raw !== 'auto')
    throw new ConfigError(`--device must be cpu, cuda or auto, got "${raw}".`)
  return raw
}
