import { MalformedRpcAnswerError } from './errors'

/** The members of Subsquid's `RpcClient` (rpc-client 4.14, pinned) that {@link retryBrokenAnswers} wraps. */
export type RpcClientInternals = {
  isConnectionError(err: unknown): boolean
  receiveResult(call: { method: string }, res: unknown, ...rest: unknown[]): unknown
  con: {
    call(req: { method: string }, timeout?: number): Promise<unknown>
    batchCall(batch: { method: string }[], timeout?: number): Promise<unknown>
  }
}

/**
 * Makes Subsquid's RPC client send a request again when the answer is broken, as it already does
 * for a refused connection, a timeout, 429, 502, 503 and 504. Left alone, these ended the indexer
 * (`IndexerFailedError`; `index` exits, `start` restarts it after a backoff) — found by the
 * fault-injecting proxy (`test/faults/`):
 * - the connection reset while the body is read (node-fetch `FetchError` of type `system` that is
 *   not one of the two messages Subsquid recognises);
 * - a body that is not JSON or is cut short, an answer to another id, a batch answer of the wrong
 *   length (`RpcProtocolError`);
 * - a batch answer holding `null` (a `TypeError` in the transport);
 * - an envelope with neither `result` nor `error`, which was even accepted: its `undefined` result
 *   reached the ingestion (a `TypeError` there, or a wrong value);
 * - HTTP 500 (and other 5xx but 501 and 505, which say the request can never work).
 * Nothing from such an answer is used. A JSON-RPC error object and a well-formed result are passed
 * on unchanged. Changes `client` in place (its methods and its connection's).
 *
 * @example
 * retryBrokenAnswers(processor.getChainRpcClient())
 */
export function retryBrokenAnswers(client: RpcClientInternals): void {
  const isConnectionError = client.isConnectionError.bind(client)
  client.isConnectionError = (err) => isConnectionError(err) || isBrokenAnswer(err)

  const receiveResult = client.receiveResult.bind(client)
  client.receiveResult = (call, res, ...rest) => {
    const envelope = res as { result?: unknown; error?: unknown } | null
    if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope))
      throw new MalformedRpcAnswerError(call.method, 'not a JSON-RPC answer object')
    if (envelope.error == null && !('result' in envelope))
      throw new MalformedRpcAnswerError(call.method, 'neither result nor error')
    return receiveResult(call, res, ...rest)
  }

  const con = client.con
  const call = con.call.bind(con)
  const batchCall = con.batchCall.bind(con)
  con.call = (req, timeout) => call(req, timeout).catch((err: unknown) => rethrow(req.method, err))
  con.batchCall = (batch, timeout) =>
    batchCall(batch, timeout).catch((err: unknown) =>
      rethrow(`a batch of ${batch.length} (${batch[0]?.method ?? ''}…)`, err),
    )
}

/** The transport's own complaints about an answer's shape become {@link MalformedRpcAnswerError}. */
function rethrow(method: string, err: unknown): never {
  const e = err as Error
  // The transport only posts and checks ids; a TypeError there comes from the answer (a null element).
  if (e?.name === 'RpcProtocolError' || e instanceof TypeError)
    throw new MalformedRpcAnswerError(method, e.message, { cause: err })
  throw err
}

function isBrokenAnswer(err: unknown): boolean {
  const e = err as { name?: string; type?: string; response?: { status?: number } } | null
  if (!e) return false
  if (err instanceof MalformedRpcAnswerError) return true
  // node-fetch: a socket error while sending or reading the body (ECONNRESET, "aborted").
  if (e.name === 'FetchError' && e.type === 'system') return true
  const status = e.name === 'HttpError' ? e.response?.status : undefined
  return status !== undefined && status >= 500 && status !== 501 && status !== 505
}
