import type { DbSettings } from '../../../src/db/dbSettings'
import type { ContractName, Manifest } from '../../../src/manifest/manifest'

/** The comparable tables every indexer fills (see README.md, "Digest"). */
export const COMPARABLE_TABLES = ['transfers', 'balances', 'contributions', 'settlements', 'rewards'] as const
export type ComparableTable = (typeof COMPARABLE_TABLES)[number]

/**
 * Per comparable table, a SELECT yielding two columns: `line` (the row's comparable columns as
 * text, '|'-separated, in the canonical order and form given in README.md) and `amount` (numeric,
 * summed for the table's total).
 */
export type CanonicalQueries = Record<ComparableTable, string>

/** What one indexing run is given: the chain, its head, and a fresh database of its own. */
export type RunArgs = {
  rpcUrl: string
  chainId: number
  manifest: Manifest
  head: number
  db: DbSettings
  log: (line: string) => void
}

/** One indexing run from genesis to head: wall seconds from process start to caught up. */
export type RunResult = {
  seconds: number
  peakRssMb: number
  /** The exact command line, for the results file. */
  command: string
  /** The schema the comparable tables are in. */
  schema: string
  /** What the indexer itself reported about the run (e.g. its own clock), for the results. */
  detail?: string
}

/** An indexer under comparison: this project or a peer. */
export type PeerIndexer = {
  name: string
  /** Package and runtime versions, read from the installed packages. */
  version(): string
  /** Contracts it subscribes to (its events are those contracts' logs). */
  contracts: readonly ContractName[] | 'all'
  run(args: RunArgs): Promise<RunResult>
  canonical(schema: string): CanonicalQueries
  /** Known facts for the results file (e.g. why a newer release is not the one measured). */
  notes?: string[]
}

/**
 * A peer that did not run or did not reach the head: the command and the output's tail, recorded
 * verbatim in the results.
 *
 * @example
 * throw new PeerRunError('ponder', 'ponder start', 'exited with 1', output)
 */
export class PeerRunError extends Error {
  override name = 'PeerRunError'
  constructor(
    readonly peer: string,
    readonly command: string,
    readonly reason: string,
    readonly output: string,
  ) {
    super(`${peer}: ${reason}`)
  }
}
