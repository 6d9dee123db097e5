/**
 * Builds audit inputs from the indexed database: the settlements not audited yet, up to the
 * finalized height (so a reorg can never remove a settlement that already has a report).
 */
import type { Pool } from 'pg'
import { getAddress, type Hex } from 'viem'
import type { ContributionRecord, SettlementRecord } from './auditTypes'

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
  const { rows } = await pool.query<Row>(
    `SELECT s.id AS settlement_id, i.id AS inference_id, i.model_id, i.model_version, i.input_hash, i.fee,
            s.block_number, s.validator_id, s.protocol_amount, s.model_owner_amount, s.stakers_amount,
            s.contributors_amount, s.dust, mv.artifact_hash, mv.attribution_method, mv.datanet_version_ids,
            fp.protocol_bps, fp.model_owner_bps, fp.stakers_bps, fp.contributors_bps,
            ap.method, ap.top_k, ap.min_weight_ppm, ap.audit_tolerance_ppm
       FROM settlement s
       JOIN inference i ON i.id = s.inference_id
       JOIN model_version mv ON mv.model_id = i.model_id AND mv.version = i.model_version
       JOIN fee_policy fp ON fp.id = s.fee_policy_id
       JOIN attribution_policy ap ON ap.id = s.attribution_policy_id
      WHERE s.block_number <= (SELECT height FROM squid_processor.status WHERE id = 0)
        AND ($1::boolean OR NOT EXISTS (SELECT 1 FROM audit_report ar WHERE ar.inference_id = i.id))
        AND ($2::text[] IS NULL OR i.id = ANY($2::text[]))
      ORDER BY s.block_number, i.id::numeric
      LIMIT $3`,
    [opts.includeAudited ?? false, opts.inferenceIds?.map(String) ?? null, opts.limit ?? 1_000_000],
  )
  if (rows.length === 0) return { records: [], contributionsOf: async () => [] }
  const rewards = await pool.query<Row>(
    `SELECT settlement_id, contribution_id, contributor_id, amount, weight_ppm
       FROM contribution_reward WHERE settlement_id = ANY($1::text[]) ORDER BY settlement_id, position`,
    [rows.map((r) => r.settlement_id)],
  )
  const versionIds = [...new Set(rows.flatMap((r) => r.datanet_version_ids as unknown as string[]))]
  const versions = await pool.query<Row>(
    'SELECT id, datanet_id, version, merkle_root, contribution_count FROM datanet_version WHERE id = ANY($1::text[])',
    [versionIds],
  )
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
      // A version the index never saw sealed stays out; the Merkle check then fails → UNVERIFIABLE.
      trainedOn: (r.datanet_version_ids as unknown as string[]).flatMap((id) => {
        const v = versionById.get(id)
        return v
          ? [
              {
                datanetId: BigInt(v.datanet_id as string),
                version: Number(v.version),
                merkleRoot: v.merkle_root as Hex,
                contributionCount: Number(v.contribution_count),
              },
            ]
          : []
      }),
    }),
  )
  return {
    records,
    contributionsOf: async (datanetId) => {
      const { rows: cs } = await pool.query<Row>(
        `SELECT id, datanet_id, contributor_id, content_hash, acceptance_index FROM contribution
          WHERE datanet_id = $1 AND status = 'ACCEPTED' ORDER BY acceptance_index::numeric`,
        [datanetId.toString()],
      )
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
