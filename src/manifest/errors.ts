import { NonRetryableError } from '../errors'

/**
 * A deployment manifest is missing or does not have the expected shape.
 *
 * @example
 * throw new ManifestError('/repo/.data/manifest.json', 'contracts.InferenceRouter.address is not an address')
 */
export class ManifestError extends NonRetryableError {
  override name = 'ManifestError'
  constructor(file: string, problem: string, options: { cause?: unknown } = {}) {
    super(`Invalid deployment manifest ${file}: ${problem}.`, options)
  }
}
