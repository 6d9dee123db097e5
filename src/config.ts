/**
 * Typed configuration. This is the only module that reads `process.env`; everything else takes a
 * `Config` (or the slice it needs) as an argument, so tests can build one without touching the
 * environment. Command-line flags override the environment through `overrides`.
 */
import { isIP } from 'node:net'
import path from 'node:path'
import { ConfigError } from './errors'

export type AttributionDevice = 'auto' | 'cpu' | 'cuda'

export type DatabaseConfig =
  /** Start an embedded PostgreSQL under `dataDir/postgres` (the default). */
  | { kind: 'embedded'; dataDir: string; port?: number }
  /** Use an existing PostgreSQL server. */
  | { kind: 'external'; url: string }

export type Config = {
  /** Directory for everything the project writes locally. @default `<cwd>/.data` (env `DATA_DIR`) */
  dataDir: string
  /** JSON-RPC URL of an existing L2 node. @default undefined: start a local anvil devnet (env `RPC_URL`) */
  rpcUrl?: string
  /** Port for the local anvil devnet. @default a free loopback port (env `ANVIL_PORT`) */
  anvilPort?: number
  /** Chain id the node must report; a mismatch is an error. @default undefined: accept any (env `CHAIN_ID`) */
  chainId?: number
  /** Deployment manifest (addresses + start blocks) written by deploy and read by the indexer. @default `<dataDir>/manifest.json` (env `MANIFEST`) */
  manifestPath: string
  /** Private key of the deployer. @default anvil's first dev account (env `DEPLOYER_PRIVATE_KEY`) */
  deployerKey?: `0x${string}`
  /** Where the indexer and API keep state. @default embedded (env `DB_URL`, or squid's `DB_HOST`/`DB_PORT`/`DB_NAME`/`DB_USER`/`DB_PASS`) */
  database: DatabaseConfig
  /** DuckDB analytics store, kept in step with PostgreSQL by `start`. @default `<dataDir>/analytics.duckdb` (env `ANALYTICS_DB`) */
  analyticsPath: string
  /** Content-addressed artifact store directory. @default `<dataDir>/artifacts` (env `ARTIFACT_DIR`) */
  artifactDir: string
  /** Key that signs audit evidence. @default a key generated once under `<dataDir>/auditor.key` (env `AUDITOR_PRIVATE_KEY`) */
  auditorKey?: `0x${string}`
  /**
   * Auditor addresses whose evidence `audit verify` accepts (`--auditor` adds to them).
   * @default none (env `TRUSTED_AUDITORS`, comma-separated 0x addresses)
   */
  trustedAuditors: `0x${string}`[]
  /** Execution provider for attribution scoring. @default 'auto' (CUDA when available) (env `ATTRIBUTION_DEVICE`) */
  attributionDevice: AttributionDevice
  /** GraphQL port. @default 4350, as Subsquid's graphql-server (env `GQL_PORT`) */
  gqlPort: number
  /** Interface the GraphQL API listens on; `0.0.0.0` or `::` for all. @default '127.0.0.1' (env `API_HOST`) */
  apiHost: string
  /**
   * Reverse proxies in front of the API whose X-Forwarded-For is believed for the per-client
   * limits (hop count); 0 ignores the header. @default 0 (env `API_TRUST_PROXY`)
   */
  apiTrustProxy: number
  /** Prometheus metrics port of the processor; 0 picks a free one. @default 3000 (env `PROMETHEUS_PORT`) */
  metricsPort: number
  /** Interface the processor's metrics listen on. @default '127.0.0.1' (env `PROMETHEUS_HOST`) */
  metricsHost: string
  /** Seed for the deterministic demo workload. @default 1 (env `DEMO_SEED`) */
  demoSeed: number
  /** Log verbosity. @default 'info' (env `LOG_LEVEL`) */
  logLevel: 'debug' | 'info' | 'warn' | 'error'
}

type Env = Record<string, string | undefined>

/**
 * What sets each overridable value, by flag name, for the error message of a bad override (a
 * command's `--host` rather than `API_HOST`). A field without a name here is named by its variable.
 */
export type OverrideNames = Partial<Record<keyof Config, string>>

/**
 * How each value is read and checked, from the environment (`key` is the variable) or from an
 * override (`key` is the flag): one rule for both, so a bad flag gets the same named error as a
 * bad variable.
 */
const FIELDS = {
  rpcUrl: { env: 'RPC_URL', read: (e: Env, k: string) => optionalUrl(e, k) },
  anvilPort: { env: 'ANVIL_PORT', read: (e: Env, k: string) => optionalInt(e, k, 1, 65535) },
  chainId: { env: 'CHAIN_ID', read: (e: Env, k: string) => optionalInt(e, k, 1, Number.MAX_SAFE_INTEGER) },
  deployerKey: { env: 'DEPLOYER_PRIVATE_KEY', read: (e: Env, k: string) => optionalHex32(e, k) },
  auditorKey: { env: 'AUDITOR_PRIVATE_KEY', read: (e: Env, k: string) => optionalHex32(e, k) },
  trustedAuditors: { env: 'TRUSTED_AUDITORS', read: (e: Env, k: string) => addressList(e, k) },
  attributionDevice: {
    env: 'ATTRIBUTION_DEVICE',
    read: (e: Env, k: string) => oneOf(e, k, ['auto', 'cpu', 'cuda'] as const, 'auto'),
  },
  gqlPort: { env: 'GQL_PORT', read: (e: Env, k: string) => optionalInt(e, k, 1, 65535) ?? 4350 },
  apiHost: { env: 'API_HOST', read: (e: Env, k: string) => optionalHost(e, k) ?? '127.0.0.1' },
  apiTrustProxy: { env: 'API_TRUST_PROXY', read: (e: Env, k: string) => optionalInt(e, k, 0, 32) ?? 0 },
  metricsPort: { env: 'PROMETHEUS_PORT', read: (e: Env, k: string) => optionalInt(e, k, 0, 65535) ?? 3000 },
  metricsHost: { env: 'PROMETHEUS_HOST', read: (e: Env, k: string) => optionalHost(e, k) ?? '127.0.0.1' },
  demoSeed: { env: 'DEMO_SEED', read: (e: Env, k: string) => optionalInt(e, k, 0, 2 ** 31 - 1) ?? 1 },
  logLevel: {
    env: 'LOG_LEVEL',
    read: (e: Env, k: string) => oneOf(e, k, ['debug', 'info', 'warn', 'error'] as const, 'info'),
  },
} satisfies { [K in keyof Config]?: { env: string; read: (e: Env, k: string) => Config[K] } }

/**
 * Reads the configuration once from the environment, applying `overrides` (e.g. CLI flags) last.
 * Overrides go through the same checks as the variables they replace; `names` says which flag
 * set each, so the error names what the user typed.
 *
 * @throws {ConfigError} when a variable or an override is present but malformed.
 * @example
 * const config = loadConfig(process.env, { rpcUrl: flags.rpcUrl, apiHost: flags.host }, { apiHost: '--host' })
 */
export function loadConfig(
  env: Env = process.env,
  overrides: Partial<Config> = {},
  names: OverrideNames = {},
): Config {
  const checked = checkOverrides(definedOnly(overrides), names)
  // A value given as an override is not read from the environment: the flag replaces the variable.
  const read = <K extends keyof typeof FIELDS>(field: K): ReturnType<(typeof FIELDS)[K]['read']> =>
    (field in checked ? checked[field] : FIELDS[field].read(env, FIELDS[field].env)) as ReturnType<
      (typeof FIELDS)[K]['read']
    >
  const dataDir = path.resolve(checked.dataDir ?? env.DATA_DIR ?? '.data')
  const config: Config = {
    dataDir,
    rpcUrl: read('rpcUrl'),
    anvilPort: read('anvilPort'),
    chainId: read('chainId'),
    manifestPath: path.resolve(env.MANIFEST ?? path.join(dataDir, 'manifest.json')),
    deployerKey: read('deployerKey'),
    auditorKey: read('auditorKey'),
    trustedAuditors: read('trustedAuditors'),
    database: databaseFromEnv(env, dataDir),
    analyticsPath: path.resolve(env.ANALYTICS_DB ?? path.join(dataDir, 'analytics.duckdb')),
    artifactDir: path.resolve(env.ARTIFACT_DIR ?? path.join(dataDir, 'artifacts')),
    attributionDevice: read('attributionDevice'),
    gqlPort: read('gqlPort'),
    apiHost: read('apiHost'),
    apiTrustProxy: read('apiTrustProxy'),
    metricsPort: read('metricsPort'),
    metricsHost: read('metricsHost'),
    demoSeed: read('demoSeed'),
    logLevel: read('logLevel'),
  }
  return { ...config, ...checked }
}

// Each override is checked by its variable's rule, under the flag's name; paths are made absolute
// as the variables' are.
function checkOverrides(overrides: Partial<Config>, names: OverrideNames): Partial<Config> {
  const out: Record<string, unknown> = { ...overrides }
  for (const [field, value] of Object.entries(overrides)) {
    const key = field as keyof Config
    const spec = (
      FIELDS as Partial<Record<keyof Config, { env: string; read: (e: Env, k: string) => unknown }>>
    )[key]
    if (spec) {
      const label = names[key] ?? spec.env
      const raw = Array.isArray(value) ? value.join(',') : String(value)
      // Empty means unset, as for a variable: the environment's value (or the default) stays.
      if (raw === '') delete out[key]
      else out[key] = spec.read({ [label]: raw }, label)
    } else if (key === 'database') {
      const db = value as DatabaseConfig
      if (db.kind === 'external') {
        const label = names.database ?? 'DB_URL'
        optionalUrl({ [label]: db.url }, label, ['postgres:', 'postgresql:'])
      } else out.database = { ...db, dataDir: path.resolve(db.dataDir) }
    } else if (key === 'dataDir' || key === 'manifestPath' || key === 'artifactDir') {
      out[key] = path.resolve(value as string)
    }
  }
  return out as Partial<Config>
}

function definedOnly<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>
}

function databaseFromEnv(env: Env, dataDir: string): DatabaseConfig {
  const url = optionalUrl(env, 'DB_URL', ['postgres:', 'postgresql:'])
  if (url) return { kind: 'external', url }
  if (env.DB_HOST) {
    const port = optionalInt(env, 'DB_PORT', 1, 65535) ?? 5432
    const user = encodeURIComponent(env.DB_USER ?? 'postgres')
    const pass = env.DB_PASS ? `:${encodeURIComponent(env.DB_PASS)}` : ''
    const name = env.DB_NAME ?? 'postgres'
    return { kind: 'external', url: `postgres://${user}${pass}@${env.DB_HOST}:${port}/${name}` }
  }
  return { kind: 'embedded', dataDir: path.join(dataDir, 'postgres') }
}

function optionalInt(env: Env, key: string, min: number, max: number): number | undefined {
  const raw = env[key]
  if (raw === undefined || raw === '') return undefined
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${key} must be an integer between ${min} and ${max}, got "${raw}".`)
  return n
}

// An IP literal or a host name; anything with spaces, slashes or a port is a mistake.
function optionalHost(env: Env, key: string): string | undefined {
  const raw = env[key]
  if (raw === undefined || raw === '') return undefined
  if (
    !isIP(raw) &&
    !/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(raw)
  )
    throw new ConfigError(`${key} must be an IP address or host name (no port), got "${raw}".`)
  return raw
}

function optionalUrl(
  env: Env,
  key: string,
  protocols = ['http:', 'https:', 'ws:', 'wss:'],
): string | undefined {
  const raw = env[key]
  if (raw === undefined || raw === '') return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch (cause) {
    throw new ConfigError(`${key} is not a valid URL: "${raw}".`, { cause })
  }
  if (!protocols.includes(url.protocol))
    throw new ConfigError(`${key} must use one of ${protocols.join(', ')}, got "${url.protocol}".`)
  return raw
}

function optionalHex32(env: Env, key: string): `0x${string}` | undefined {
  const raw = env[key]
  if (raw === undefined || raw === '') return undefined
  if (!/^0x[0-9a-fA-F]{64}$/.test(raw))
    throw new ConfigError(`${key} must be a 0x-prefixed 32-byte hex string.`)
  return raw as `0x${string}`
}

function addressList(env: Env, key: string): `0x${string}`[] {
  const raw = env[key]
  if (raw === undefined || raw.trim() === '') return []
  return splitAddresses(
    raw,
    (a) => new ConfigError(`${key} must list 0x-prefixed 20-byte addresses, got "${a}".`),
  )
}

function oneOf<const T extends readonly string[]>(
  env: Env,
  key: string,
  values: T,
  fallback: T[number],
): T[number] {
  const raw = env[key]
  if (raw === undefined || raw === '') return fallback
  if (!values.includes(raw))
    throw new ConfigError(`${key} must be one of ${values.join(', ')}, got "${raw}".`)
  return raw as T[number]
}

/**
 * Splits a comma-separated list of 0x addresses (any letter case, spaces around items allowed): the
 * rule of `TRUSTED_AUDITORS`, which `--auditor` follows too. The first item that is not a 20-byte
 * hex address is handed to `invalid`, whose error is thrown: the variable's or the flag's own.
 *
 * @example
 * splitAddresses(' 0xAb…, 0xcd… ', (item) => new ConfigError(`not an address: "${item}"`))
 */
export function splitAddresses(raw: string, invalid: (item: string) => Error): `0x${string}`[] {
  return raw.split(',').map((item) => {
    const a = item.trim()
    if (!/^0x[0-9a-fA-F]{40}$/.test(a)) throw invalid(a)
    return a as `0x${string}`
  })
}
