import type { Logger } from '@subsquid/logger'
import type { Store } from '@subsquid/typeorm-store'
import { inSavepoint } from '../db/write/inSavepoint'
import { failureReason } from '../errors'
import { AnomalyKind } from '../model'
import type { BatchContext } from './batchContext'
import type { BatchDecoder, DecodedAnomaly, DecodedBatch } from './batchDecoder'
import { computeBatch } from './computeBatch'
import { FLUSH_ORDER } from './flushOrder'
import type { LogPosition } from './handlerContext'
import { isDataError } from './isDataError'

type Block = BatchContext['blocks'][number]

/** What {@link isolateBatch} needs of the batch handler. */
export type IsolationEnv = {
  decoder: BatchDecoder
  env: Parameters<typeof computeBatch>[0]
}

/** What an isolated batch wrote. */
export type IsolatedBatch = { events: number; anomalies: number; skippedLogs: number }

/**
 * Writes a batch whose write (or computation) failed on its data ({@link isDataError}), inside the
 * batch's transaction, after that attempt was rolled back:
 *
 * 1. retry: the whole batch computed again from the store (no read-ahead) and written;
 * 2. failing that, bisect by transaction: each half computed and written in its own savepoint,
 *    a failing half split again, so k bad transactions among n cost about 2k·log2(n) attempts;
 * 3. a single transaction that still fails is skipped: each of its logs becomes an IndexingAnomaly
 *    (WRITE_FAILED, with the database's error), and IndexerStatus counts the skipped logs and keeps
 *    the last reason.
 *
 * Transactions are the unit because each is what one sender submitted, and its gas is accounted
 * once. Halves are written in chain order, so state carries over exactly as in one pass.
 *
 * @throws the first error that is not a data error (connection lost, a stop), or the error of
 * writing a skipped transaction's anomalies: then nothing can be written and the indexer stops.
 * @example
 * const r = await isolateBatch({ decoder, env }, ctx.blocks, ctx.store, log, err)
 */
export async function isolateBatch(
  iso: IsolationEnv,
  blocks: Block[],
  store: Store,
  log: Logger,
  cause: unknown,
): Promise<IsolatedBatch> {
  const range = `${blocks[0]?.header.height}..${blocks[blocks.length - 1]?.header.height}`
  log.warn(
    { err: failureReason(cause) },
    `batch ${range} failed on its data; retrying, then transaction by transaction`,
  )
  const out: IsolatedBatch = { events: 0, anomalies: 0, skippedLogs: 0 }
  const txs = [...new Set(blocks.flatMap((b) => b.logs.map((l) => l.transactionHash)))]

  const only = (selected: Set<string>) =>
    blocks.map((b) => ({ ...b, logs: b.logs.filter((l) => selected.has(l.transactionHash)) }))

  const write = async (part: Block[], decoded: DecodedBatch) => {
    const computed = await computeBatch(iso.env, part, decoded, store)
    await inSavepoint(store, () => computed.cache.flush(store, FLUSH_ORDER))
    out.events += computed.events
    out.anomalies += computed.anomalies
  }

  const attempt = async (selected: string[]): Promise<unknown> => {
    const part = only(new Set(selected))
    try {
      await write(part, await iso.decoder.take(part, log))
      return undefined
    } catch (err) {
      if (!isDataError(err)) throw err
      return err
    }
  }

  const skip = async (tx: string, err: unknown) => {
    const part = only(new Set([tx]))
    const decoded = await iso.decoder.take(part, log)
    const reason = failureReason(err)
    const message = `not indexed: the writes of transaction ${tx} failed twice (${reason})`
    const logs = new Map<string, LogPosition>()
    for (const p of [...decoded.items.map((i) => i.pos), ...decoded.anomalies.map((a) => a.pos)])
      logs.set(`${p.blockNumber}-${p.logIndex}`, p)
    const anomalies: DecodedAnomaly[] = [...logs.values()].map((pos) => ({
      pos,
      kind: AnomalyKind.WRITE_FAILED,
      message,
    }))
    const block = anomalies[0]?.pos.blockNumber ?? part[0]?.header.height ?? 0
    log.error({ block, tx, err: reason }, `skipped ${anomalies.length} logs of transaction ${tx}`)
    await write(part, {
      ...decoded,
      items: [],
      wants: [],
      needPolicies: false,
      txs: new Map(),
      anomalies,
      skipped: { logs: anomalies.length, block, reason },
    })
    out.skippedLogs += anomalies.length
  }

  const bisect = async (selected: string[], err: unknown): Promise<void> => {
    if (selected.length <= 1) return selected.length ? skip(selected[0], err) : undefined
    const mid = selected.length >> 1
    for (const half of [selected.slice(0, mid), selected.slice(mid)]) {
      const failed = await attempt(half)
      if (failed) await bisect(half, failed)
    }
  }

  const failed = await attempt(txs)
  if (failed) await bisect(txs, failed)
  // A batch without logs still moves the status to its last block.
  if (txs.length === 0) await write(blocks, await iso.decoder.take(blocks, log))
  return out
}
