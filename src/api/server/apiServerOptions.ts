import type { AnalyticsSource } from '../analytics/AnalyticsSource'
import type { ApiExtension } from '../schema/buildApiSchema'
import type { HealthProvider } from '../schema/partHealth'
import type { EvidenceServing } from './evidenceRoutes'
import type { ApiLimits } from './limits'
import type { SqlServing } from './sqlRoute'

/** How {@link startApiServer} serves: limits, CORS, rate limit, optional routes. */
export type ApiServerOptions = {
  /** Overrides of {@link DEFAULT_LIMITS}. */
  limits?: Partial<ApiLimits>
  /** Allowed CORS origins (`true`: any, `false`: no CORS headers). @default true */
  corsOrigin?: boolean | string | string[]
  /** Per-client request budget of /graphql; `false` turns it off (benchmarks). @default 1200 per 60 s */
  rateLimit?: { windowMs: number; max: number } | false
  /** Schema introspection (the explorer page and codegen tools need it). @default true */
  introspection?: boolean
  /** Interface to listen on (`0.0.0.0` or `::` for every one). @default '127.0.0.1' */
  host?: string
  /**
   * Reverse proxies in front of the API whose X-Forwarded-For entries are believed (express's
   * `trust proxy` hop count): the client is the address the outermost of them saw. 0 ignores the
   * header, so a client cannot choose its own address for the per-client limits. @default 0
   */
  trustProxy?: number
  /** Root fields added to the generated ones. @default the explorer/audit/governance fields */
  extensions?: ApiExtension[]
  /** When given `connection`, create and use a SELECT-only role. @default true */
  readOnlyRole?: boolean
  /** Connections of the API's pool. @default 10 */
  poolSize?: number
  /** Where warnings go. @default console.warn */
  log?: (line: string) => void
  /** The parts running next to the API (`start`), for `/health` and `squidStatus.parts`. @default none */
  health?: HealthProvider
  /**
   * Serve the auditor's evidence files (`GET /audits/`, `/audits/inference-<id>.json`) and the
   * artifact store (`GET /artifacts/0x…`), read-only, so `audit verify --from` works from
   * elsewhere. Same rate limit and CORS as /graphql (own budget). @default not served
   */
  evidence?: EvidenceServing
  /**
   * The analytics store: adds `analytics { … }` to the schema and serves the dashboards page at
   * `/dashboards` (its data, CSV and SQL under it). @default neither
   */
  analytics?: AnalyticsSource
  /** Answer read-only SQL over the analytics DuckDB at `POST /sql` (see sqlRoute). @default not served */
  sql?: SqlServing
}
