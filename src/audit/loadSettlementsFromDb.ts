/**
 * Builds audit inputs from the indexed database: the settlements not audited yet, up to the
 * finalized height (so a reorg can never remove a settlement that already has a report).
 */
import type { Pool } from 'pg'
import { getAddress, type Hex } from 'viem'
import type { ContributionRecord, SettlementRecord } from './auditTypes'
import { withLineageFromDb } from './lineageFromDb'
import {
  ACCEPTED_CONTRIBUTIONS_SQL,
  DATANET_VERSIONS_SQL,
  REWARDS_SQL,
  SETTLEMENTS_SQL,
} from './settlementQueries'
import { trainedVersionsFromRows } from './trainedVersions'

type Row = Record<string, string | number | null>

/**
 * Loads up to `limit` settled inferences without an audit report, at or below the processor's
 * finalized height, oldest first; plus a contributions lookup.
 *
 * @example
 * const { records, contributionsOf } = await loadSettlementsFromDb(pool, { limit: 500 })
 */
export async function loadSettlementsFromDb(
  pool: Pool,
  opts: { limit?: number; inferenceIds?: readonly bigint[]; includeAudited?: boolean } = {},
): Promise<{
  records: SettlementRecord[]
  contributionsOf: (datanetId: bigint) => Promise<ContributionRecord[]>
}> {
  const { rows } = await pool.query<Row>(SETTLEMENTS_SQL, [
    opts.includeAudited ?? false,
    opts.inferenceIds?.map(String) ?? null,
    opts.limit ?? 1_000_000,
  ])
  if (rows.length === 0) return { records: [], contributionsOf: async () => [] }
  const rewards = await pool.query<Row>(REWARDS_SQL, [rows.map((r) => r.settlement_id)])
  const versionIds = [...new Set(rows.flatMap((r) => r.datanet_version_ids as unknown as string[]))]
  const versions = await pool.query<Row>(DATANET_VERSIONS_SQL, [versionIds])
  const versionById = new Map(versions.rows.map((v) => [v.id as string, v]))
  const rewardsOf = new Map<string, Row[]>()
  for (const r of rewards.rows)
    rewardsOf.set(r.settlement_id as string, [...(rewardsOf.get(r.settlement_id as string) ?? []), r])

  const records = rows.map(
    (r): SettlementRecord => ({
      inferenceId: BigInt(r.inference_id as string),
      modelId: BigInt(r.model_id as string),
      modelVersion: Number(r.model_version),
      artifactHash: r.artifact_hash as Hex,
      attributionMethod: r.attribution_method as string,
      inputHash: r.input_hash as Hex,
      fee: BigInt(r.fee as string),
      blockNumber: Number(r.block_number),
      validator: getAddress(r.validator_id as string),
      payouts: {
        protocol: BigInt(r.protocol_amount as string),
        modelOwner: BigInt(r.model_owner_amount as string),
        stakers: BigInt(r.stakers_amount as string),
        contributors: BigInt(r.contributors_amount as string),
        dust: BigInt(r.dust as string),
      },
      rewards: (rewardsOf.get(r.settlement_id as string) ?? []).map((w) => ({
        contributionId: BigInt(w.contribution_id as string),
        contributor: getAddress(w.contributor_id as string),
        amount: BigInt(w.amount as string),
        weightPpm: Number(w.weight_ppm),
      })),
      feePolicy: {
        protocolBps: Number(r.protocol_bps),
        modelOwnerBps: Number(r.model_owner_bps),
        stakersBps: Number(r.stakers_bps),
        contributorsBps: Number(r.contributors_bps),
      },
      attributionPolicy: {
        method: r.method as string,
        topK: Number(r.top_k),
        minWeightPpm: Number(r.min_weight_ppm),
        auditTolerancePpm: Number(r.audit_tolerance_ppm),
      },
      trainedOn: trainedVersionsFromRows(r.datanet_version_ids as unknown as string[], versionById),
    }),
  )
  return {
    records: await withLineageFromDb(pool, records),
    contributionsOf: async (datanetId) => {
      const { rows: cs } = await pool.query<Row>(ACCEPTED_CONTRIBUTIONS_SQL, [datanetId.toString()])
      return cs.map((c) => ({
        id: BigInt(c.id as string),
        datanetId: BigInt(c.datanet_id as string),
        contributor: getAddress(c.contributor_id as string),
        contentHash: c.content_hash as Hex,
        acceptanceIndex: Number(c.acceptance_index),
      }))
    },
  }
}
