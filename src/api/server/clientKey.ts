import type { Request } from 'express'
import { ipKeyGenerator } from 'express-rate-limit'

/**
 * Who sent a request, for the per-client limits (request rate, concurrent statements): its IP as
 * express resolves it (the socket's peer, or with `trust proxy` hops the address the last
 * trusted proxy saw), IPv6 grouped by /56 as one household or host gets a whole prefix.
 *
 * @example
 * clientKey(req) // '203.0.113.7' or '2001:db8:1200::/56'
 */
export function clientKey(req: Request): string {
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown', 56)
}
