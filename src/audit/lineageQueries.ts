/**
 * The auditor's statements for lineage settlements over the indexed tables (names from `tables`,
 * fixed result aliases read by `lineageFromDb`).
 */

import { tables } from '../db/tables/entityTables'
import { handWrittenSql } from '../db/tables/handWrittenSql'

const UR = tables.upstreamRoyalty.columns
const MV = tables.modelVersion.columns
const USP = tables.upstreamSharePolicy.columns
const CR = tables.contributionReward.columns

/**
 * The levels of settlements `$1` (ids), in level order, each with its model version, the base the
 * registry records for it, and the upstream share in force at the level's log (the last update
 * before it).
 */
export const LINEAGE_LEVELS_SQL = handWrittenSql(
  'audit.lineageLevels',
  `SELECT ur.${UR.settlement} AS settlement_id, ur.${UR.level} AS level, ur.${UR.model} AS model_id,
          ur.${UR.version} AS model_version, ur.${UR.amount} AS amount, ur.${UR.kept} AS kept,
          ur.${UR.paid} AS paid, ur.${UR.logIndex} AS log_index, mv.${MV.artifactHash} AS artifact_hash,
          mv.${MV.attributionMethod} AS attribution_method, mv.${MV.datanetVersionIds} AS datanet_version_ids,
          b.${MV.model} AS base_model_id, b.${MV.version} AS base_version,
          (SELECT p.${USP.upstreamShareBps} FROM ${tables.upstreamSharePolicy.name} p
            WHERE (p.${USP.fromBlock}, p.${USP.fromLogIndex}) < (ur.${UR.blockNumber}, ur.${UR.logIndex})
            ORDER BY p.${USP.fromBlock} DESC, p.${USP.fromLogIndex} DESC LIMIT 1) AS upstream_share_bps
     FROM ${tables.upstreamRoyalty.name} ur
     LEFT JOIN ${tables.modelVersion.name} mv ON mv.${MV.id} = ur.${UR.modelVersion}
     LEFT JOIN ${tables.modelVersion.name} b ON b.${MV.id} = mv.${MV.base}
    WHERE ur.${UR.settlement} = ANY($1::text[])
    ORDER BY ur.${UR.settlement}, ur.${UR.level}`,
)

/** The rewards of settlements `$1` (ids) with their log positions, in log order within each. */
export const LINEAGE_REWARDS_SQL = handWrittenSql(
  'audit.lineageRewards',
  `SELECT ${CR.settlement} AS settlement_id, ${CR.contribution} AS contribution_id,
          ${CR.contributor} AS contributor_id, ${CR.amount} AS amount, ${CR.weightPpm} AS weight_ppm,
          ${CR.position} AS position
     FROM ${tables.contributionReward.name}
    WHERE ${CR.settlement} = ANY($1::text[]) ORDER BY ${CR.settlement}, ${CR.position}`,
)
