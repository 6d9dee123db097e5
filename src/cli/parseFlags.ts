import { InvalidArgumentError } from 'commander'
import { type Address, getAddress } from 'viem'
import { type AttributionDevice, splitAddresses } from '../config'
import { ConfigError } from '../errors'

/**
 * Commander parser for a TCP port; commander prints the flag and value with the message.
 *
 * @example
 * command.option('--port <port>', 'HTTP port', parsePort)
 */
export function parsePort(raw: string): number {
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new InvalidArgumentError('Expected a port from 1 to 65535.')
  return n
}

/**
 * Commander parser for a non-negative integer (counts, block numbers, seeds).
 *
 * @example
 * command.option('--scale <n>', 'multiply the inferences', parseCount)
 */
export function parseCount(raw: string): number {
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('Expected a non-negative integer.')
  return n
}

/**
 * Commander parser for a comma-separated list of 0x addresses (any letter case).
 *
 * @example
 * command.option('--auditor <addresses>', 'auditors to trust', parseAddresses)
 */
export function parseAddresses(raw: string): Address[] {
  return splitAddresses(raw, (a) => new InvalidArgumentError(`"${a}" is not a 0x address.`)).map((a) =>
    getAddress(a),
  )
}

/**
 * Commander parser for `--device`: where the attribution runs.
 *
 * @throws {ConfigError} naming the flag and the value.
 * @example
 * command.option('--device <device>', 'cpu, cuda or auto', parseDevice)
 */
export function parseDevice(raw: string): AttributionDevice {
  if (raw !== 'cpu' && raw !== 'cuda' && raw !== 'auto')
    throw new ConfigError(`--device must be cpu, cuda or auto, got "${raw}".`)
  return raw
}
