import type { Hex } from 'viem'
import type { TrainedVersion } from './auditTypes'
import { AuditInputError } from './errors'

/** A sealed datanet version as DatanetVersionSealed emits it. */
export type SealedVersion = { merkleRoot: Hex; contributionCount: bigint }

/**
 * The sealed datanet versions a published model version was trained on, each with its root and
 * leaf count from the seal, looked up in `sealed` (keyed `<datanetId>:<version>`).
 *
 * @throws {AuditInputError} when a version was never sealed.
 * @example
 * const trainedOn = trainedVersions(published.args, sealed)
 */
export function trainedVersions(
  v: { datanetIds: readonly bigint[]; datanetVersions: readonly number[] },
  sealed: ReadonlyMap<string, SealedVersion>,
): TrainedVersion[] {
  return v.datanetIds.map((datanetId, i) => {
    const seal = sealed.get(`${datanetId}:${v.datanetVersions[i]}`)
    if (!seal)
      throw new AuditInputError(`datanet ${datanetId} version ${v.datanetVersions[i]} was never sealed`)
    return {
      datanetId,
      version: v.datanetVersions[i],
      merkleRoot: seal.merkleRoot,
      contributionCount: Number(seal.contributionCount),
    }
  })
}

/**
 * The sealed versions `ids` (`<datanetId>-<version>`) as indexed rows of DATANET_VERSIONS_SQL
 * describe them. A version the index never saw sealed stays out: the Merkle check then fails
 * (UNVERIFIABLE), never VERIFIED.
 *
 * @example
 * const trainedOn = trainedVersionsFromRows(row.datanet_version_ids, versionById)
 */
export function trainedVersionsFromRows(
  ids: readonly string[],
  versionById: ReadonlyMap<string, Record<string, string | number | null>>,
): TrainedVersion[] {
  return ids.flatMap((id) => {
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
  })
}
