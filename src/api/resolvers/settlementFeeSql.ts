import { tables } from '../../db/tables/entityTables'

const S = tables.settlement.columns

/**
 * The fee a settlement distributed, as a SQL expression: protocol + model owner + stakers +
 * contributors + rounding dust (equal to the inference fee when the settlement conserves it).
 * `alias` qualifies the settlement's columns.
 *
 * @example
 * `SELECT sum(${settlementFeeSql()}) FROM settlement`
 * // sum(protocol_amount + model_owner_amount + stakers_amount + contributors_amount + dust)
 * settlementFeeSql('s') // 's.protocol_amount + s.model_owner_amount + … + s.dust'
 */
export function settlementFeeSql(alias?: string): string {
  const q = alias ? `${alias}.` : ''
  return `${q}${S.protocolAmount} + ${q}${S.modelOwnerAmount} + ${q}${S.stakersAmount} + ${q}${S.contributorsAmount} + ${q}${S.dust}`
}
