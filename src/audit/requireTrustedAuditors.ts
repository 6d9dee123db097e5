import type { Address } from 'viem'
import { ConfigError } from '../errors'

/**
 * Throws unless at least one auditor is trusted (before anything is read or downloaded).
 *
 * @throws {ConfigError}
 * @example
 * requireTrustedAuditors([...config.trustedAuditors, ...flags.auditor])
 */
export function requireTrustedAuditors(trusted: readonly Address[]): void {
  if (trusted.length === 0)
    throw new ConfigError(
      'audit verify needs the auditor to trust: pass --auditor 0x… or set TRUSTED_AUDITORS.',
    )
}
