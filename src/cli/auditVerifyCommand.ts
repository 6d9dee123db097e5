import pg from 'pg'
import type { Address } from 'viem'
import { type ArtifactStore, createArtifactStore } from '../attribution/artifactStore'
import type { ModelScorerCache } from '../attribution/modelScorer'
import type { SettlementRecord } from '../audit/auditTypes'
import { createAuditScorers } from '../audit/createAuditScorers'
import { EvidenceFormatError } from '../audit/errors'
import { type Evidence, readEvidence } from '../audit/evidence'
import { loadSettlementsFromChain } from '../audit/loadSettlementsFromChain'
import { loadSettlementsFromDb } from '../audit/loadSettlementsFromDb'
import { type EvidenceVerification, type RecordSource, verifyEvidence } from '../audit/verifyEvidence'
import { createClients } from '../chain/createClients'
import { rpcChainId } from '../chain/rpcChainId'
import type { Config } from '../config'
import { type BaseError, ConfigError } from '../errors'
import { readManifest } from '../manifest/manifest'
import { EvidenceNameMismatchError } from '../remoteEvidence/errors'

/** One file's outcome: its verification, or the format (or download) error that stopped it being read. */
export type FileVerification = {
  file: string
  evidence?: Evidence
  result?: EvidenceVerification
  error?: BaseError
}

/** An evidence file read (or not) and the artifact store its artifacts come from. */
export type EvidenceEntry = Omit<FileVerification, 'result'> & { store: ArtifactStore }

type VerifyOptions = {
  config: Config
  trustedAuditors: readonly Address[]
  /** Rebuild records from `config.rpcUrl` (and the manifest). */
  useChain: boolean
  /** Rebuild records from `config.database` (must be external). */
  useIndex: boolean
  log?: (line: string) => void
}

/**
 * `audit verify`: checks each evidence file against the trusted auditors, the chain (`rpcUrl`) or
 * the index (`database`, external only) when given, and the artifact store; prints every named
 * check of every file. Features are recomputed, never taken from the store's feature-cache refs.
 *
 * @throws {ConfigError} no trusted auditor is configured.
 * @example
 * const { bad } = await verifyEvidenceFiles(files, { config, trustedAuditors, useChain: true, useIndex: false })
 * process.exitCode = bad ? 1 : 0
 */
export async function verifyEvidenceFiles(
  files: readonly string[],
  opts: VerifyOptions,
): Promise<{ bad: number; results: FileVerification[] }> {
  requireTrustedAuditors(opts.trustedAuditors)
  const store = createArtifactStore({ dir: opts.config.artifactDir })
  return verifyEvidenceEntries(
    files.map((file) => readEvidenceEntry(file, store)),
    opts,
  )
}

/**
 * Reads a local evidence file into an entry; a format error is kept in it, not thrown.
 *
 * @example
 * const entry = readEvidenceEntry('.data/audits/inference-3.json', store)
 */
export function readEvidenceEntry(file: string, store: ArtifactStore): EvidenceEntry {
  try {
    return { file, evidence: readEvidence(file), store }
  } catch (err) {
    if (err instanceof EvidenceFormatError) return { file, error: err, store }
    throw err
  }
}

/**
 * Throws unless at least one auditor is trusted (before anything is read or downloaded).
 *
 * @throws {ConfigError}
 * @example
 * requireTrustedAuditors([...config.trustedAuditors, ...flags.auditor])
 */
export function requireTrustedAuditors(trusted: readonly Address[]): void {
  if (trusted.length === 0)
    throw new ConfigError(
      'audit verify needs the auditor to trust: pass --auditor 0x… or set TRUSTED_AUDITORS.',
    )
}

/**
 * {@link verifyEvidenceFiles} for evidence already read, each with its own artifact store (local,
 * or a server's for `--from`); the record source is loaded once for all of them.
 *
 * @throws {ConfigError} no trusted auditor is configured.
 * @example
 * const { bad } = await verifyEvidenceEntries(await downloadEvidence(urls, { dir, limits }), opts)
 */
export async function verifyEvidenceEntries(
  entries: readonly EvidenceEntry[],
  opts: VerifyOptions,
): Promise<{ bad: number; results: FileVerification[] }> {
  const log = opts.log ?? console.log
  requireTrustedAuditors(opts.trustedAuditors)
  const results: FileVerification[] = entries.map(({ store: _store, ...r }) => ({ ...r }))
  const ids = results.flatMap((r) => (r.evidence ? [r.evidence.record.inferenceId] : []))
  const source = await recordSource(opts, ids)
  const scorers = new Map<ArtifactStore, ModelScorerCache>()
  try {
    for (const [i, r] of results.entries()) {
      if (!r.evidence) continue
      const store = entries[i].store
      let scorer = scorers.get(store)
      if (!scorer) {
        scorer = createAuditScorers(store, {
          device: opts.config.attributionDevice,
          trustFeatureCache: false,
        })
        scorers.set(store, scorer)
      }
      try {
        r.result = await verifyEvidence(r.evidence, {
          store,
          scorers: scorer,
          trustedAuditors: opts.trustedAuditors,
          source,
        })
      } catch (cause) {
        // A file well-formed at the top but malformed inside must not stop the others' checks.
        r.error = new EvidenceFormatError(`${r.file} could not be checked`, { cause })
      }
    }
  } finally {
    for (const scorer of scorers.values()) await scorer.close()
  }
  let bad = 0
  for (const r of results) {
    if (!r.result?.ok) bad++
    if (!r.result) {
      const details = r.error?.details ? ` (${r.error.details})` : ''
      const stage =
        r.error instanceof EvidenceFormatError
          ? 'format'
          : r.error instanceof EvidenceNameMismatchError
            ? 'name'
            : 'download'
      log(`BAD ${r.file}\n  FAILED  ${stage}: ${r.error?.name}: ${r.error?.shortMessage}${details}`)
      continue
    }
    const report = r.evidence?.report
    log(`${r.result.ok ? 'OK ' : 'BAD'} ${r.file}: inference ${report?.inferenceId} ${report?.status}`)
    for (const c of r.result.checks)
      log(
        `  ${c.status === 'ok' ? 'ok     ' : c.status === 'failed' ? 'FAILED ' : 'skipped'} ${c.name}: ${c.error ? `${c.error.name}: ` : ''}${c.detail}`,
      )
  }
  if (bad) log(`${bad} of ${results.length} evidence files did not verify`)
  return { bad, results }
}

/** The chain or index to rebuild records from, loaded once for every file's inference. */
async function recordSource(
  opts: { config: Config; useChain: boolean; useIndex: boolean },
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
