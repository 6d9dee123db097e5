import type { ErrorRequestHandler, Response } from 'express'

/**
 * Answers an HTTP-level rejection in the GraphQL error shape, so clients read one format.
 *
 * @example
 * jsonError(res, 429, 'RATE_LIMITED', 'Too many requests')
 */
export function jsonError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] })
}

/**
 * Turns body-parser failures into JSON errors (413 PAYLOAD_TOO_LARGE, 400 BAD_REQUEST) and
 * anything else into a logged 500, never an HTML stack page.
 *
 * @example
 * app.use(httpErrorHandler(console.warn))
 */
export function httpErrorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const type = (err as { type?: string }).type
    if (type === 'entity.too.large')
      return jsonError(
        res,
        413,
        'PAYLOAD_TOO_LARGE',
        `Request body exceeds ${(err as { limit?: number }).limit} bytes.`,
      )
    if (type === 'entity.parse.failed')
      return jsonError(res, 400, 'BAD_REQUEST', 'Request body is not valid JSON.')
    const status = (err as { status?: number }).status
    if (status && status >= 400 && status < 500)
      return jsonError(res, status, 'BAD_REQUEST', (err as Error).message || 'Bad request.')
    log(`[api] unexpected error: ${(err as Error)?.stack ?? String(err)}`)
    return jsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.')
  }
}
