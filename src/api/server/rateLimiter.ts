import { rateLimit } from 'express-rate-limit'
import { clientKey } from './clientKey'
import { jsonError } from './httpErrors'

/**
 * Per-client request budget (express-rate-limit, in memory, keyed by {@link clientKey}): over it, 429 with code RATE_LIMITED and
 * the standard RateLimit headers, so one client cannot crowd out the others.
 *
 * @example
 * app.use('/graphql', rateLimiter({ windowMs: 60_000, max: 1200 }))
 */
export function rateLimiter(opts: { windowMs: number; max: number }) {
  return rateLimit({
    windowMs: opts.windowMs,
    limit: opts.max,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: clientKey,
    handler: (_req, res) =>
      jsonError(
        res,
        429,
        'RATE_LIMITED',
        `Rate limit of ${opts.max} requests per ${opts.windowMs / 1000} s exceeded; slow down.`,
      ),
  })
}
