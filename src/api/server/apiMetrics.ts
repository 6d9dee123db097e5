import type { ApolloServerPlugin } from '@apollo/server'
import type { Pool } from 'pg'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import { armorErrorCode } from './armorProtection'

/** Prometheus metrics of one API server (its own registry, so tests can run several servers). */
export type ApiMetrics = {
  registry: Registry
  httpRequests: Counter<'status'>
  plugin: ApolloServerPlugin
}

/**
 * Request counters, GraphQL latency by operation type and error code, and pool gauges.
 *
 * @example
 * const metrics = createApiMetrics(pool)
 * app.get('/metrics', async (_q, r) => r.type('text/plain').send(await metrics.registry.metrics()))
 */
export function createApiMetrics(pool: Pool): ApiMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'api_' })
  const httpRequests = new Counter({
    name: 'api_http_requests_total',
    help: 'HTTP requests by status code',
    labelNames: ['status'] as const,
    registers: [registry],
  })
  const duration = new Histogram({
    name: 'api_graphql_duration_seconds',
    help: 'GraphQL request duration',
    labelNames: ['operation'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  const errors = new Counter({
    name: 'api_graphql_errors_total',
    help: 'GraphQL errors by extensions.code',
    labelNames: ['code'] as const,
    registers: [registry],
  })
  for (const [name, read] of [
    ['api_db_pool_total', () => pool.totalCount],
    ['api_db_pool_idle', () => pool.idleCount],
    ['api_db_pool_waiting', () => pool.waitingCount],
  ] as const)
    new Gauge({
      name,
      help: `pg pool ${name.slice(12)} connections`,
      registers: [registry],
      collect() {
        this.set(read())
      },
    })
  const plugin: ApolloServerPlugin = {
    async requestDidStart() {
      const end = duration.startTimer()
      return {
        async willSendResponse(rc) {
          end({ operation: rc.operation?.operation ?? 'invalid' })
        },
        async didEncounterErrors(rc) {
          for (const e of rc.errors)
            errors.inc({ code: armorErrorCode(e.message) ?? String(e.extensions?.code ?? 'UNKNOWN') })
        },
      }
    },
  }
  return { registry, httpRequests, plugin }
}
