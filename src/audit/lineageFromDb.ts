import type { Pool } from 'pg'
import { getAddress, type Hex } from 'viem'
import type { LineageLevel, SettlementRecord } from './auditTypes'
import { LINEAGE_LEVELS_SQL, LINEAGE_REWARDS_SQL } from './lineageQueries'
import { DATANET_VERSIONS_SQL } from './settlementQueries'
import { trainedVersionsFromRows } from './trainedVersions'

type Row = Record<string, string | number | null>

/**
 * Adds to each record settled with levels (an indexed `UpstreamRoyalty`) its lineage, read from
 * the indexed tables exactly as `lineageFromLogs` reads it from the chain: per level the model
 * version, the base the registry records for it, its money, its rewards (by log position between
 * the previous level's event and its own) and the upstream share in force. Records without levels
 * come back unchanged.
 *
 * @example
 * const records = await withLineageFromDb(pool, plainRecords)
 */
export async function withLineageFromDb(
  pool: Pool,
  records: SettlementRecord[],
): Promise<SettlementRecord[]> {
  if (records.length === 0) return records
  const ids = records.map((r) => r.inferenceId.toString())
  const { rows: levelRows } = await pool.query<Row>(LINEAGE_LEVELS_SQL, [ids])
  if (levelRows.length === 0) return records
  const settled = [...new Set(levelRows.map((r) => r.settlement_id as string))]
  const { rows: rewardRows } = await pool.query<Row>(LINEAGE_REWARDS_SQL, [settled])
  const versionIds = [
    ...new Set(levelRows.flatMap((r) => (r.datanet_version_ids as unknown as string[]) ?? [])),
  ]
  const { rows: versionRows } = await pool.query<Row>(DATANET_VERSIONS_SQL, [versionIds])
  const versionById = new Map(versionRows.map((v) => [v.id as string, v]))
  const group = <T extends Row>(rows: T[]) => {
    const by = new Map<string, T[]>()
    for (const r of rows) by.set(r.settlement_id as string, [...(by.get(r.settlement_id as string) ?? []), r])
    return by
  }
  const levelsOf = group(levelRows)
  const rewardsOf = group(rewardRows)
  return records.map((record) => {
    const rows = levelsOf.get(record.inferenceId.toString())
    if (!rows) return record
    const rewards = rewardsOf.get(record.inferenceId.toString()) ?? []
    const levels = rows.map((r, l): LineageLevel => {
      const after = l === 0 ? -1 : Number(rows[l - 1].log_index)
      return {
        level: Number(r.level),
        modelId: BigInt(r.model_id as string),
        modelVersion: Number(r.model_version),
        // A version the index never saw published: its checks fail (UNVERIFIABLE), never VERIFIED.
        artifactHash: (r.artifact_hash ?? `0x${'00'.repeat(32)}`) as Hex,
        attributionMethod: (r.attribution_method as string | null) ?? '',
        trainedOn: trainedVersionsFromRows((r.datanet_version_ids as unknown as string[]) ?? [], versionById),
        base:
          r.base_model_id == null
            ? null
            : { modelId: BigInt(r.base_model_id as string), modelVersion: Number(r.base_version) },
        amount: BigInt(r.amount as string),
        kept: BigInt(r.kept as string),
        paid: BigInt(r.paid as string),
        rewards: rewards
          .filter((w) => Number(w.position) > after && Number(w.position) < Number(r.log_index))
          .map((w) => ({
            contributionId: BigInt(w.contribution_id as string),
            contributor: getAddress(w.contributor_id as string),
            amount: BigInt(w.amount as string),
            weightPpm: Number(w.weight_ppm),
          })),
      }
    })
    return { ...record, lineage: { upstreamShareBps: Number(rows[0].upstream_share_bps), levels } }
  })
}
