import type { ApiExtension } from '../schema/buildApiSchema'
import { auditFields } from './auditFields'
import { explorerFields } from './explorerFields'
import { governanceFields } from './governanceFields'
import { modelRevenueFields } from './modelRevenueFields'
import { proposalStateFields } from './proposalStateFields'
import { shareHolderFields } from './shareHolderFields'

/**
 * The root fields for explorers, auditors and governance voters; each group adds its fields only
 * when the schema has the entities it reads (so fixture schemas get none).
 *
 * @example
 * buildApiSchema(text, { extensions: defaultExtensions() })
 */
export function defaultExtensions(): ApiExtension[] {
  return [
    explorerFields,
    auditFields,
    governanceFields,
    proposalStateFields,
    modelRevenueFields,
    shareHolderFields,
  ]
}
