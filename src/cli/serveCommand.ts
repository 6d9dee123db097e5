import fs from 'node:fs'
import path from 'node:path'
import type { Command } from 'commander'
import { DEFAULT_EVIDENCE_MAX_BYTES } from '../api'
import { runServe } from '../stack/runServe'
import { repoRoot } from '../util/repoRoot'
import { loadFlagConfig } from './configFlags'
import { parseCount, parsePort } from './parseFlags'
import { shutdownSignal } from './shutdownSignal'

type ServeFlags = {
  port?: number
  host?: string
  trustProxy?: number
  schema?: string
  introspection: boolean
  corsOrigin?: string
  rateLimit: number
  evidence: boolean
  evidenceDir?: string
  artifactDir?: string
  evidenceMaxBytes?: number
  allArtifacts?: boolean
  analytics: boolean
}

/**
 * Registers `serve` ({@link runServe}): the GraphQL API over the database of `config.database` (the embedded one is
 * started, an external one connected to), until Ctrl-C.
 *
 * @example
 * registerServe(program) // then: openledger serve --port 4350
 */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the GraphQL API (OpenReader-compatible queries + analytics) over an indexed database')
    .option('--port <port>', 'HTTP port (default: GQL_PORT or 4350)', parsePort)
    .option('--host <host>', "interface to listen on, '0.0.0.0' for all (default: API_HOST or 127.0.0.1)")
    .option(
      '--trust-proxy <hops>',
      'reverse proxies in front whose X-Forwarded-For is believed for per-client limits (default: API_TRUST_PROXY or 0)',
      parseCount,
    )
    .option('--schema <file>', 'schema file (default: schema.graphql of the repository)')
    .option('--no-introspection', 'turn schema introspection off')
    .option('--cors-origin <origins>', "allowed CORS origins, comma separated, or '*' (default: any)")
    .option(
      '--rate-limit <n>',
      'requests per minute per client on /graphql; 0 turns it off',
      parseCount,
      1200,
    )
    .option('--evidence-dir <dir>', 'evidence files served at /audits/ (default: <DATA_DIR>/audits)')
    .option(
      '--artifact-dir <dir>',
      'artifact store served at /artifacts/ (default: ARTIFACT_DIR or <DATA_DIR>/artifacts)',
    )
    .option(
      '--evidence-max-bytes <n>',
      `largest evidence file or artifact served (default: ${DEFAULT_EVIDENCE_MAX_BYTES})`,
      parseCount,
    )
    .option(
      '--all-artifacts',
      'serve every artifact of the store at /artifacts/, not only those the evidence files reference',
    )
    .option('--no-evidence', 'do not serve /audits/ and /artifacts/')
    .option(
      '--no-analytics',
      'do not open the DuckDB analytics store (read-only) for /dashboards, analytics { … } and POST /sql',
    )
    .action(async (flags: ServeFlags) => {
      const config = loadFlagConfig({
        gqlPort: flags.port,
        apiHost: flags.host,
        apiTrustProxy: flags.trustProxy,
      })
      const schemaFile = path.resolve(flags.schema ?? path.join(repoRoot(), 'schema.graphql'))
      const schemaText = fs.readFileSync(schemaFile, 'utf8')
      // Listening from here: Ctrl-C while the database starts stops it once it is up, not midway.
      await runServe({
        config,
        schemaText,
        analyticsPath: flags.analytics ? config.analyticsPath : undefined,
        api: {
          host: config.apiHost,
          trustProxy: config.apiTrustProxy,
          introspection: flags.introspection,
          corsOrigin: parseOrigins(flags.corsOrigin),
          rateLimit: flags.rateLimit === 0 ? false : { windowMs: 60_000, max: flags.rateLimit },
          evidence: flags.evidence
            ? {
                dir: path.resolve(flags.evidenceDir ?? path.join(config.dataDir, 'audits')),
                artifactDir: path.resolve(flags.artifactDir ?? config.artifactDir),
                maxBytes: flags.evidenceMaxBytes,
                artifacts: flags.allArtifacts ? 'all' : 'referenced',
              }
            : undefined,
        },
        onServing: (api) =>
          console.log(
            `[serve] GraphQL API at ${api.url} (query page at /, /health, /metrics${flags.evidence ? ', evidence at /audits/, artifacts at /artifacts/' : ''}); Ctrl-C to stop`,
          ),
        signal: shutdownSignal(),
      })
    })
}

function parseOrigins(raw: string | undefined): boolean | string[] {
  if (raw === undefined || raw === '*') return true
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}
