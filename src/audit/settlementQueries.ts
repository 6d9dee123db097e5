/**
 * The auditor's statements over the indexed tables, with table and column names from the entity
 * metadata (`tables`), so a field renamed in `schema.graphql` fails type checking here. Result
 * columns keep fixed aliases: they are what {@link loadSettlementsFromDb} reads.
 */

import { tables } from '../db/tables/entityTables'
import { handWrittenSql } from '../db/tables/handWrittenSql'
import { processorStatusSql } from '../db/tables/processorStatus'

const S = tables.settlement.columns
const I = tables.inference.columns
const MV = tables.modelVersion.columns
const FP = tables.feePolicy.columns
const AP = tables.attributionPolicy.columns
const AR = tables.auditReport.columns
const CR = tables.contributionReward.columns
const DV = tables.datanetVersion.columns
const C = tables.contribution.columns

/**
 * Settled inferences with their model version and policies, at or below the finalized height,
 * oldest first. `$1` include audited ones, `$2` only these inference ids (or null), `$3` limit.
 */
export const SETTLEMENTS_SQL = handWrittenSql(
  'audit.settlements',
  `SELECT s.${S.id} AS settlement_id, i.${I.id} AS inference_id, i.${I.model} AS model_id,
          i.${I.modelVersion} AS model_version, i.${I.inputHash} AS input_hash, i.${I.fee} AS fee,
          s.${S.blockNumber} AS block_number, s.${S.validator} AS validator_id,
          s.${S.protocolAmount} AS protocol_amount, s.${S.modelOwnerAmount} AS model_owner_amount,
          s.${S.stakersAmount} AS stakers_amount, s.${S.contributorsAmount} AS contributors_amount,
          s.${S.dust} AS dust, mv.${MV.artifactHash} AS artifact_hash,
          mv.${MV.attributionMethod} AS attribution_method, mv.${MV.datanetVersionIds} AS datanet_version_ids,
          fp.${FP.protocolBps} AS protocol_bps, fp.${FP.modelOwnerBps} AS model_owner_bps,
          fp.${FP.stakersBps} AS stakers_bps, fp.${FP.contributorsBps} AS contributors_bps,
          ap.${AP.method} AS method, ap.${AP.topK} AS top_k, ap.${AP.minWeightPpm} AS min_weight_ppm,
          ap.${AP.auditTolerancePpm} AS audit_tolerance_ppm
     FROM ${tables.settlement.name} s
     JOIN ${tables.inference.name} i ON i.${I.id} = s.${S.inference}
     JOIN ${tables.modelVersion.name} mv ON mv.${MV.model} = i.${I.model} AND mv.${MV.version} = i.${I.modelVersion}
     JOIN ${tables.feePolicy.name} fp ON fp.${FP.id} = s.${S.feePolicy}
     JOIN ${tables.attributionPolicy.name} ap ON ap.${AP.id} = s.${S.attributionPolicy}
    WHERE s.${S.blockNumber} <= ${processorStatusSql.finalizedHeight}
      AND ($1::boolean OR NOT EXISTS (SELECT 1 FROM ${tables.auditReport.name} ar WHERE ar.${AR.inference} = i.${I.id}))
      AND ($2::text[] IS NULL OR i.${I.id} = ANY($2::text[]))
    ORDER BY s.${S.blockNumber}, i.${I.id}::numeric
    LIMIT $3`,
)

/** The rewards of settlements `$1` (ids), in log order within each. */
export const REWARDS_SQL = handWrittenSql(
  'audit.rewards',
  `SELECT ${CR.settlement} AS settlement_id, ${CR.contribution} AS contribution_id,
          ${CR.contributor} AS contributor_id, ${CR.amount} AS amount, ${CR.weightPpm} AS weight_ppm
     FROM ${tables.contributionReward.name}
    WHERE ${CR.settlement} = ANY($1::text[]) ORDER BY ${CR.settlement}, ${CR.position}`,
)

/** The sealed datanet versions `$1` (ids). */
export const DATANET_VERSIONS_SQL = handWrittenSql(
  'audit.datanetVersions',
  `SELECT ${DV.id} AS id, ${DV.datanet} AS datanet_id, ${DV.version} AS version,
          ${DV.merkleRoot} AS merkle_root, ${DV.contributionCount} AS contribution_count
     FROM ${tables.datanetVersion.name} WHERE ${DV.id} = ANY($1::text[])`,
)

/** The accepted contributions of datanet `$1`, in acceptance order. */
export const ACCEPTED_CONTRIBUTIONS_SQL = handWrittenSql(
  'audit.acceptedContributions',
  `SELECT ${C.id} AS id, ${C.datanet} AS datanet_id, ${C.contributor} AS contributor_id,
          ${C.contentHash} AS content_hash, ${C.acceptanceIndex} AS acceptance_index
     FROM ${tables.contribution.name}
    WHERE ${C.datanet} = $1 AND ${C.status} = 'ACCEPTED' ORDER BY ${C.acceptanceIndex}::numeric`,
)
