import type { ApiExtension, ApiFields } from '../schema/buildApiSchema'
import { auditSummaryFields } from './auditSummaryFields'
import { inferenceAuditField } from './inferenceAuditField'
import { hasEntities } from './pageArgs'

/**
 * Auditor fields: `inferenceAudit(id)` (settlement, payouts and audit reports side by side with
 * conservation checks) and per-oracle / per-model audit summaries with mismatch rates. Every
 * aggregate walks one validator's or model's settlements through their foreign-key index.
 *
 * @example
 * buildApiSchema(text, { extensions: [auditFields] })
 */
export const auditFields: ApiExtension = (types): ApiFields => {
  if (
    !hasEntities(types.model, [
      'Inference',
      'Settlement',
      'ContributionReward',
      'AuditReport',
      'Validator',
      'Model',
    ])
  )
    return {}
  return { ...inferenceAuditField(types), ...auditSummaryFields(types) }
}
