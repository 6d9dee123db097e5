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
