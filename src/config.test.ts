import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type Config, loadConfig } from './config'
import { ConfigError } from './errors'

describe('loadConfig', () => {
  it('defaults to an embedded database and a local devnet under .data', () => {
    const c = loadConfig({})
    expect(c.rpcUrl).toBeUndefined()
    expect(c.database).toEqual({ kind: 'embedded', dataDir: path.resolve('.data/postgres') })
    expect(c.manifestPath).toBe(path.resolve('.data/manifest.json'))
    expect(c.gqlPort).toBe(4350)
    expect(c.attributionDevice).toBe('auto')
    // Nothing listens beyond this machine unless asked, and X-Forwarded-For is not believed.
    expect([c.apiHost, c.metricsHost, c.apiTrustProxy]).toEqual(['127.0.0.1', '127.0.0.1', 0])
  })

  it('reads the API and metrics interfaces and the trusted proxy hops', () => {
    const c = loadConfig({ API_HOST: '::', PROMETHEUS_HOST: 'metrics.internal', API_TRUST_PROXY: '2' })
    expect([c.apiHost, c.metricsHost, c.apiTrustProxy]).toEqual(['::', 'metrics.internal', 2])
  })

  it('builds an external database URL from squid DB_* variables', () => {
    const c = loadConfig({ DB_HOST: 'db', DB_PORT: '6543', DB_NAME: 'squid', DB_USER: 'u', DB_PASS: 'p@ss' })
    expect(c.database).toEqual({ kind: 'external', url: 'postgres://u:p%40ss@db:6543/squid' })
  })

  it('prefers DB_URL and lets overrides win over the environment', () => {
    const c = loadConfig({ DB_URL: 'postgres://a@b/c', DB_HOST: 'x', GQL_PORT: '5000' }, { gqlPort: 6000 })
    expect(c.database).toEqual({ kind: 'external', url: 'postgres://a@b/c' })
    expect(c.gqlPort).toBe(6000)
  })

  it('reads the trusted auditors as a comma-separated address list', () => {
    const a = '0x1e85a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4'
    const b = '0x976EA74026E726554dB657fA54763abd0C3a0aa9'
    expect(loadConfig({}).trustedAuditors).toEqual([])
    expect(loadConfig({ TRUSTED_AUDITORS: ` ${a}, ${b} ` }).trustedAuditors).toEqual([a, b])
  })

  it.each([
    ['ANVIL_PORT', 'abc', 'ANVIL_PORT must be an integer between 1 and 65535, got "abc".'],
    ['ANVIL_PORT', '70000', 'ANVIL_PORT must be an integer between 1 and 65535, got "70000".'],
    ['RPC_URL', 'not a url', 'RPC_URL is not a valid URL: "not a url".'],
    ['RPC_URL', 'ftp://x', 'RPC_URL must use one of http:, https:, ws:, wss:, got "ftp:".'],
    ['DB_URL', 'mysql://x', 'DB_URL must use one of postgres:, postgresql:, got "mysql:".'],
    ['ATTRIBUTION_DEVICE', 'tpu', 'ATTRIBUTION_DEVICE must be one of auto, cpu, cuda, got "tpu".'],
    [
      'API_HOST',
      '127.0.0.1:4350',
      'API_HOST must be an IP address or host name (no port), got "127.0.0.1:4350".',
    ],
    [
      'PROMETHEUS_HOST',
      'http://x',
      'PROMETHEUS_HOST must be an IP address or host name (no port), got "http://x".',
    ],
    ['API_TRUST_PROXY', 'true', 'API_TRUST_PROXY must be an integer between 0 and 32, got "true".'],
    ['DEPLOYER_PRIVATE_KEY', '0x12', 'DEPLOYER_PRIVATE_KEY must be a 0x-prefixed 32-byte hex string.'],
    ['TRUSTED_AUDITORS', '0x12, x', 'TRUSTED_AUDITORS must list 0x-prefixed 20-byte addresses, got "0x12".'],
  ])('rejects malformed %s=%s with ConfigError', (key, value, message) => {
    expect(() => loadConfig({ [key]: value })).toThrowError(ConfigError)
    expect(() => loadConfig({ [key]: value })).toThrowError(message)
  })

  it.each([
    [
      { apiHost: '127.0.0.1:4350' },
      '--host must be an IP address or host name (no port), got "127.0.0.1:4350".',
    ],
    [{ apiHost: 'a b' }, '--host must be an IP address or host name (no port), got "a b".'],
    [{ apiTrustProxy: 1000 }, '--trust-proxy must be an integer between 0 and 32, got "1000".'],
    [{ gqlPort: 70000 }, '--port must be an integer between 1 and 65535, got "70000".'],
    [{ rpcUrl: 'ftp://x' }, '--rpc-url must use one of http:, https:, ws:, wss:, got "ftp:".'],
    [
      { metricsHost: 'http://x' },
      '--metrics-host must be an IP address or host name (no port), got "http://x".',
    ],
    [
      { database: { kind: 'external', url: 'mysql://x' } },
      '--db-url must use one of postgres:, postgresql:, got "mysql:".',
    ],
    [{ attributionDevice: 'tpu' }, '--device must be one of auto, cpu, cuda, got "tpu".'],
  ] as [Partial<Config>, string][])(
    'checks the override %j as its variable, named by its flag',
    (override, message) => {
      const flags = {
        apiHost: '--host',
        apiTrustProxy: '--trust-proxy',
        gqlPort: '--port',
        rpcUrl: '--rpc-url',
        metricsHost: '--metrics-host',
        database: '--db-url',
        attributionDevice: '--device',
      } as const
      expect(() => loadConfig({}, override, flags)).toThrowError(ConfigError)
      expect(() => loadConfig({}, override, flags)).toThrowError(message)
    },
  )

  it('names the variable when no flag name is given, and lets a good override replace a bad variable', () => {
    expect(() => loadConfig({}, { apiTrustProxy: 33 })).toThrowError(
      'API_TRUST_PROXY must be an integer between 0 and 32, got "33".',
    )
    const c = loadConfig({ API_HOST: 'a b' }, { apiHost: '::1', apiTrustProxy: 2, manifestPath: 'm.json' })
    expect([c.apiHost, c.apiTrustProxy, c.manifestPath]).toEqual(['::1', 2, path.resolve('m.json')])
    // An empty flag means unset, as an empty variable does: the environment's value stays.
    expect(loadConfig({ API_HOST: '0.0.0.0' }, { apiHost: '' }).apiHost).toBe('0.0.0.0')
  })
})
