import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Command } from 'commander'
import { type Address, zeroAddress } from 'viem'
import { createArtifactStore } from '../attribution/artifactStore'
import { auditorAccount } from '../audit/auditorAccount'
import { auditSettlements } from '../audit/auditSettlements'
import type { AuditReport } from '../audit/auditTypes'
import { createAuditScorers } from '../audit/createAuditScorers'
import { evidenceWriter } from '../audit/evidence'
import { loadSettlementsFromChain } from '../audit/loadSettlementsFromChain'
import { createClients } from '../chain/createClients'
import { rpcChainId } from '../chain/rpcChainId'
import type { AttributionDevice } from '../config'
import { ConfigError } from '../errors'
import { readManifest } from '../manifest/manifest'
import { DEFAULT_DOWNLOAD_LIMITS, downloadEvidence } from '../remoteEvidence'
import {
  readEvidenceEntry,
  requireTrustedAuditors,
  verifyEvidenceEntries,
  verifyEvidenceFiles,
} from './auditVerifyCommand'
import { loadFlagConfig } from './configFlags'
import { parseAddresses, parseCount } from './parseFlags'

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
      const chainId = await rpcChainId(rpcUrl, { expected: manifest.chainId })
      const { publicClient } = createClients({ rpcUrl, chainId })
      const ids = flags.inference?.split(',').map((s) => BigInt(s.trim()))
      const started = Date.now()
      const loaded = await loadSettlementsFromChain({ publicClient, manifest, inferenceIds: ids })
      const { contributionsOf } = loaded
      const records = loaded.records.filter(
        (r) =>
          r.blockNumber >= (flags.fromBlock ?? 0) &&
          r.blockNumber <= (flags.toBlock ?? Number.MAX_SAFE_INTEGER),
      )
      console.log(`[audit] ${records.length} settled inferences to audit on ${rpcUrl}`)
      const store = createArtifactStore({ dir: config.artifactDir })
      const scorers = createAuditScorers(store, { device: config.attributionDevice })
      const account = auditorAccount({ dataDir: config.dataDir, privateKey: config.auditorKey })
      const outDir = flags.out ?? path.join(config.dataDir, 'audits')
      try {
        const reports = await auditSettlements(records, { store, scorers, contributionsOf })
        const write = evidenceWriter({
          store,
          account,
          dir: outDir,
          chain: { chainId, inferenceRouter: manifest.contracts.InferenceRouter?.address ?? zeroAddress },
        })
        for (const [i, report] of reports.entries()) await write(records[i], report, contributionsOf)
        printSummary(reports, (Date.now() - started) / 1000)
        console.log(`[audit] evidence signed by ${account.address} written to ${outDir}`)
      } finally {
        await scorers.close()
      }
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
        if ((await verifyEvidenceFiles(files, opts)).bad) process.exitCode = 1
        return
      }
      requireTrustedAuditors(opts.trustedAuditors)
      const limits = {
        maxBytes: flags.maxBytes ?? DEFAULT_DOWNLOAD_LIMITS.maxBytes,
        timeoutMs: flags.timeout ?? DEFAULT_DOWNLOAD_LIMITS.timeoutMs,
      }
      // Private: what arrives is checked before use, but nobody else should swap it meanwhile.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openledger-verify-'))
      try {
        const local = createArtifactStore({ dir: config.artifactDir })
        const entries = [
          ...files.map((file) => readEvidenceEntry(file, local)),
          ...(await downloadEvidence(flags.from, { dir, limits })),
        ]
        if ((await verifyEvidenceEntries(entries, opts)).bad) process.exitCode = 1
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
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

function printSummary(reports: AuditReport[], seconds: number): void {
  const count = (s: string) => reports.filter((r) => r.status === s).length
  console.log(
    `[audit] ${reports.length} audited in ${seconds.toFixed(1)} s: ${count('VERIFIED')} VERIFIED, ${count('MISMATCH')} MISMATCH, ${count('UNVERIFIABLE')} UNVERIFIABLE (device ${reports.find((r) => r.device)?.device ?? 'none'})`,
  )
  const byValidator = new Map<string, { total: number; bad: number }>()
  for (const r of reports) {
    const v = byValidator.get(r.validator) ?? { total: 0, bad: 0 }
    v.total++
    if (r.status === 'MISMATCH') v.bad++
    byValidator.set(r.validator, v)
  }
  for (const [validator, v] of byValidator)
    console.log(`[audit]   validator ${validator}: ${v.bad}/${v.total} mismatched`)
  for (const r of reports.filter((x) => x.status !== 'VERIFIED').slice(0, 20))
    console.log(
      `[audit]   inference ${r.inferenceId}: ${r.status} — ${r.reason}${r.offendingContributionId ? ` (contribution ${r.offendingContributionId})` : ''}`,
    )
}

function parseDevice(raw: string): AttributionDevice {
  if (raw !== 'cpu' && raw !== 'cuda' && raw !== 'auto')
    throw new ConfigError(`--device must be cpu, cuda or auto, got "${raw}".`)
  return raw
}
