import type { Command } from 'commander'
import type { Address } from 'viem'
import { createArtifactStore } from '../attribution/artifactStore'
import { readEvidenceEntry } from '../audit/readEvidenceEntry'
import { requireTrustedAuditors } from '../audit/requireTrustedAuditors'
import { verifyEvidenceEntries } from '../audit/verifyEvidenceEntries'
import { verifyEvidenceFiles } from '../audit/verifyEvidenceFiles'
import { connectChain } from '../chain/connectChain'
import type { AttributionDevice } from '../config'
import { ConfigError } from '../errors'
import { DEFAULT_DOWNLOAD_LIMITS } from '../remoteEvidence/downloadBytes'
import { withDownloadedEvidence } from '../remoteEvidence/withDownloadedEvidence'
import { loadFlagConfig } from './configFlags'
import { parseAddresses, parseCount, parseDevice } from './parseFlags'
import { printVerifications } from './printVerifications'

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

/**
 * Registers `audit verify` under `audit`: evidence files, local ({@link verifyEvidenceFiles}) or
 * downloaded with `--from` ({@link withDownloadedEvidence}), checked against a trusted auditor and,
 * with `--rpc-url` or `--db-url`, the chain or the index; exit code 1 when one does not verify.
 *
 * @example
 * registerAuditVerify(program.command('audit')) // then: openledger audit verify .data/audits/*.json --auditor 0x…
 */
export function registerAuditVerify(audit: Command): void {
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
      const rpcUrl = config.rpcUrl
      const opts = {
        artifactDir: config.artifactDir,
        device: config.attributionDevice,
        trustedAuditors: [...config.trustedAuditors, ...(flags.auditor ?? [])],
        source: {
          manifestPath: config.manifestPath,
          chain: rpcUrl
            ? async (chainId: number) => (await connectChain(rpcUrl, chainId)).publicClient
            : undefined,
          databaseUrl: !rpcUrl && config.database.kind === 'external' ? config.database.url : undefined,
        },
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
