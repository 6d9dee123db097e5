import { type Config, loadConfig, type OverrideNames } from '../config'

/**
 * The flag that overrides each configuration value, the same in every command, so a malformed
 * value is reported under the flag the user typed rather than the variable it replaces.
 */
export const CONFIG_FLAGS: OverrideNames = {
  rpcUrl: '--rpc-url',
  manifestPath: '--manifest',
  database: '--db-url',
  artifactDir: '--artifacts',
  attributionDevice: '--device',
  apiHost: '--host',
  apiTrustProxy: '--trust-proxy',
  gqlPort: '--port',
  anvilPort: '--port',
  metricsPort: '--metrics-port',
  metricsHost: '--metrics-host',
}

/**
 * `loadConfig` for a command: the environment, then the command's flags, each flag checked by the
 * rule of the variable it overrides (`--host` as `API_HOST`, `--trust-proxy` as `API_TRUST_PROXY`).
 *
 * @throws {ConfigError} naming the flag or variable whose value is malformed.
 * @example
 * const config = loadFlagConfig({ apiHost: flags.host })
 * // --host 'a b' → ConfigError: --host must be an IP address or host name (no port), got "a b".
 */
export function loadFlagConfig(flags: Partial<Config>): Config {
  return loadConfig(undefined, flags, CONFIG_FLAGS)
}
