import { addressId } from '../../computation/entityIds'

/**
 * Id of a ShareHolder row.
 *
 * @example
 * holderId('0xToken', '0xHolder') // '0xtoken-0xholder'
 */
export function holderId(token: string, holder: string): string {
  return `${addressId(token)}-${addressId(holder)}`
}

/**
 * Id of a LiquidityPosition row.
 *
 * @example
 * positionId('0xPair', '0xProvider') // '0xpair-0xprovider'
 */
export function positionId(pair: string, account: string): string {
  return `${addressId(pair)}-${addressId(account)}`
}

/**
 * Id of a PoolHourData row: the pair and the hour (UTC, block time) since the epoch.
 *
 * @example
 * poolHourId('0xPair', 7_200_000) // '0xpair-2'
 */
export function poolHourId(pair: string, timestampMs: number): string {
  return `${addressId(pair)}-${Math.floor(timestampMs / 3_600_000)}`
}

/** Whether an address is the zero address (mints and burns). */
export const isZeroAddress = (address: string): boolean => BigInt(address) === 0n
