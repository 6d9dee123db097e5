import { DownloadFailedError, DownloadRefusedError } from './errors'

/** Limits of every download. */
export type DownloadLimits = {
  /** Largest body accepted, bytes; a larger one is refused before or while it arrives. */
  maxBytes: number
  /** Whole request, headers and body, ms. */
  timeoutMs: number
  /** Attempts on 429 (waiting Retry-After, at most 30 s each) and 502–504. @default 5 */
  attempts?: number
}

/**
 * What `audit verify --from` uses unless told otherwise: 256 MiB and 60 s per file.
 *
 * @example
 * await downloadBytes(url, { ...DEFAULT_DOWNLOAD_LIMITS, timeoutMs: 10_000 })
 */
export const DEFAULT_DOWNLOAD_LIMITS: DownloadLimits = { maxBytes: 256 * 1024 * 1024, timeoutMs: 60_000 }

/**
 * GETs an http(s) URL into memory within the limits: no redirects (a server may not send the
 * verifier elsewhere), Content-Length checked first, the body counted as it streams and cut off
 * past `maxBytes`. Rate limiting (429) and gateway errors are retried.
 *
 * @throws {DownloadRefusedError} not http(s), 4xx, a redirect, or more than `maxBytes`.
 * @throws {DownloadFailedError} unreachable, timed out, or still 429/5xx after the attempts.
 * @example
 * const bytes = await downloadBytes('http://127.0.0.1:4350/audits/inference-3.json', { maxBytes: 1 << 20, timeoutMs: 30_000 })
 */
export async function downloadBytes(url: string, limits: DownloadLimits): Promise<Uint8Array> {
  assertHttpUrl(url)
  const attempts = limits.attempts ?? 5
  for (let attempt = 1; ; attempt++) {
    const signal = AbortSignal.timeout(limits.timeoutMs)
    let res: Response
    try {
      res = await fetch(url, { redirect: 'manual', signal })
    } catch (cause) {
      throw new DownloadFailedError(
        `${url}: ${signal.aborted ? `timed out after ${limits.timeoutMs} ms` : 'unreachable'}`,
        { cause },
      )
    }
    const retryable = res.status === 429 || (res.status >= 502 && res.status <= 504)
    if (retryable && attempt < attempts) {
      await res.body?.cancel()
      const seconds = Number(res.headers.get('retry-after'))
      await new Promise((r) =>
        setTimeout(
          r,
          Math.min(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000 * attempt, 30_000),
        ),
      )
      continue
    }
    if (!res.ok) {
      const reason = await refusal(res, limits, signal)
      await res.body?.cancel().catch(() => {})
      const message = `${url}: ${res.status}${reason ? ` ${reason}` : ''}`
      if (res.status >= 500 || res.status === 429) throw new DownloadFailedError(message)
      throw new DownloadRefusedError(message)
    }
    return readLimited(url, res, limits, signal)
  }
}

/**
 * Throws unless `url` parses as an http(s) URL.
 *
 * @throws {DownloadRefusedError}
 * @example
 * assertHttpUrl('file:///etc/passwd') // throws
 */
export function assertHttpUrl(url: string): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch (cause) {
    throw new DownloadRefusedError(`"${url}" is not a URL`, { cause })
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new DownloadRefusedError(`"${url}" is not an http(s) URL`)
  return parsed
}

async function readLimited(
  url: string,
  res: Response,
  limits: DownloadLimits,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const tooLarge = (size: string) =>
    new DownloadRefusedError(`${url}: ${size} exceeds the limit of ${limits.maxBytes} bytes`)
  const declared = Number(res.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await res.body?.cancel().catch(() => {})
    throw tooLarge(`${declared} bytes`)
  }
  const chunks: Uint8Array[] = []
  let total = 0
  const reader = res.body?.getReader()
  try {
    for (;;) {
      const next = await reader?.read()
      if (!next || next.done) break
      total += next.value.byteLength
      if (total > limits.maxBytes) {
        await reader?.cancel().catch(() => {})
        throw tooLarge('the body')
      }
      chunks.push(next.value)
    }
  } catch (cause) {
    if (cause instanceof DownloadRefusedError) throw cause
    throw new DownloadFailedError(
      `${url}: ${signal.aborted ? `timed out after ${limits.timeoutMs} ms` : 'connection lost'}`,
      { cause },
    )
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const c of chunks) {
    out.set(c, offset)
    offset += c.byteLength
  }
  return out
}

/** The `CODE: message` of a JSON error body (read within 64 KiB), when the server sent one. */
async function refusal(
  res: Response,
  limits: DownloadLimits,
  signal: AbortSignal,
): Promise<string | undefined> {
  if (res.status >= 300 && res.status < 400)
    return `redirect to ${res.headers.get('location')} (not followed)`
  if (!res.headers.get('content-type')?.includes('json')) return undefined
  try {
    const bytes = await readLimited(res.url, res, { ...limits, maxBytes: 64 * 1024 }, signal)
    const body = JSON.parse(new TextDecoder().decode(bytes)) as {
      errors?: { message?: string; extensions?: { code?: string } }[]
    }
    const e = body.errors?.[0]
    return e ? `${e.extensions?.code ?? 'ERROR'}: ${String(e.message).slice(0, 300)}` : undefined
  } catch {
    return undefined
  }
}
