import { type Address, isAddress } from 'viem'

/**
 * Splits a comma-separated list of 0x addresses (any letter case, spaces around items allowed),
 * as `TRUSTED_AUDITORS` and `--auditor` take it. The first item that is not a 20-byte hex address
 * is handed to `invalid`, whose error is thrown: the variable's or the flag's own.
 *
 * @example
 * splitAddresses(' 0xAb…, 0xcd… ', (item) => new ConfigError(`not an address: "${item}"`))
 */
export function splitAddresses(raw: string, invalid: (item: string) => Error): Address[] {
  return raw.split(',').map((item) => {
    const a = item.trim()
    if (!isAddress(a, { strict: false })) throw invalid(a)
    return a
  })
}
