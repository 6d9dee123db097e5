import type { Response } from 'express'
import { jsonError } from './httpErrors'

/** Bounds on the file responses of `/audits/` and `/artifacts/`. */
export type StreamLimits = {
  /** Responses open at once (opening, hashing, sending); beyond it 503 SERVER_BUSY with Retry-After. @default 64 */
  maxStreams?: number
  /**
   * A response whose client reads nothing (no socket activity) for this long once sending began is
   * dropped, ms. Time the server spends opening and hashing the file does not count. @default 30000
   */
  idleTimeoutMs?: number
  /** A response still sending after this long is dropped, ms: a slow reader cannot hold a slot forever. @default 600000 */
  responseTimeoutMs?: number
}

/**
 * Admits a file response or answers 503: a slot is held until the response closes (finished,
 * aborted or dropped), and each admitted response gets the whole-response timeout, and the idle
 * timeout once `sending` says its bytes start to flow, so clients that stop reading cannot pin
 * descriptors and memory.
 *
 * @example
 * const gate = streamGate({ maxStreams: 64 })
 * router.get('/artifacts/:hash', (req, res) => { if (!gate.admit(res)) return; …; gate.sending(res); pipe() })
 */
export function streamGate(limits: StreamLimits = {}): {
  admit(res: Response): boolean
  /**
   * Arms the idle timeout: from here the socket must move. Not before, since a large artifact's
   * hashing is the server's own time and would otherwise drop the client before the first byte.
   */
  sending(res: Response): void
  readonly open: number
} {
  const maxStreams = limits.maxStreams ?? 64
  const idleMs = limits.idleTimeoutMs ?? 30_000
  const responseMs = limits.responseTimeoutMs ?? 600_000
  let open = 0
  return {
    get open() {
      return open
    },
    admit(res) {
      if (open >= maxStreams) {
        res.set('Retry-After', '1')
        jsonError(res, 503, 'SERVER_BUSY', `The server is sending ${open} files already; retry shortly.`)
        return false
      }
      open++
      const whole = setTimeout(() => res.destroy(), responseMs)
      whole.unref()
      res.once('close', () => {
        open--
        clearTimeout(whole)
      })
      return true
    },
    sending(res) {
      res.setTimeout(idleMs, () => res.destroy())
    },
  }
}
