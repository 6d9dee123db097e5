import { type Hex, keccak256, toHex } from 'viem'

/** OpenZeppelin AccessControl's DEFAULT_ADMIN_ROLE: the role that grants and revokes the others. */
export const DEFAULT_ADMIN_ROLE: Hex = `0x${'00'.repeat(32)}`

/**
 * An OpenZeppelin AccessControl role id, computed as the contracts do (`keccak256("NAME")`) so the
 * deployment needs no call to read it.
 *
 * @example
 * roleId('PROPOSER_ROLE') // '0xb09aa5ae…'
 */
export function roleId(name: string): Hex {
  return keccak256(toHex(name))
}
