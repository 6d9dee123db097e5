import type { Address, Hex, PublicClient } from 'viem'
import type { ArtifactStore } from '../attribution/artifactStore'
import type { InferenceQuery } from '../attribution/inferenceQuery'
import type { ModelScorer, ModelScorerCache } from '../attribution/modelScorer'
import type { AttributionDevice } from '../attribution/onnx/createSession'
import type { Manifest } from '../manifest/manifest'

/**
 * A settlement transaction as the oracle hands it to its sender: who signs it, the router, the
 * encoded `settle` call and a label for errors. Any sender that takes these works (a devnet batch
 * sender, a wallet).
 */
export type OracleTx = { from: Address; to: Address; data: Hex; label: string }

export type OracleOptions = {
  publicClient: PublicClient
  manifest: Manifest
  /** The validator account (must be bonded to settle). */
  validator: Address
  store: ArtifactStore
  /** Sends transactions (e.g. `sendBatch` on a devnet, a wallet elsewhere). */
  send: (txs: OracleTx[]) => Promise<unknown>
  device?: AttributionDevice
  /** Model scorers shared with other oracles of this process. @default a private cache */
  scorers?: ModelScorerCache
  /** First block to look for fulfilments in. @default the router's start block */
  fromBlock?: bigint
  /** Which fulfilled inferences this oracle takes (validators share the work). @default all */
  accepts?: (inferenceId: bigint) => boolean
  /**
   * Turns the honest weights into the ones settled (the demo's dishonest oracle), with the model
   * and query for cheats that need more scores. @default identity
   */
  tamper?: (
    inferenceId: bigint,
    weights: SettledWeight[],
    context: TamperContext,
  ) => SettledWeight[] | Promise<SettledWeight[]>
  /**
   * Turns the honest base levels' weights of a fine-tuned version's settlement (level 1 first) into
   * the ones settled (a dishonest oracle's upstream cheat). @default identity
   */
  tamperUpstream?: (
    inferenceId: bigint,
    levels: SettledWeight[][],
  ) => SettledWeight[][] | Promise<SettledWeight[][]>
  log?: (line: string) => void
}

export type SettledWeight = { contributionId: bigint; weightPpm: number }

/** What a {@link OracleOptions.tamper} sees besides the honest weights. */
export type TamperContext = {
  model: ModelScorer
  query: InferenceQuery
  /** The raw inference input (from the artifact store). */
  input: Uint8Array
  topK: number
  minWeightPpm: number
}

export type OracleSettlement = {
  inferenceId: bigint
  modelId: bigint
  /** Level 0: the settled version's own training set. */
  weights: SettledWeight[]
  /** A fine-tuned version's base levels, level 1 first (settled with `settleWithLineage`). */
  upstream?: SettledWeight[][]
}

export type Oracle = {
  /** Settles every inference fulfilled since the last poll; returns what it settled. */
  poll(): Promise<OracleSettlement[]>
  /** Which execution provider scored (after the first model was opened). */
  device(): string | undefined
  /** Frees the ONNX sessions. */
  close(): Promise<void>
}
