import { events } from '../../abi/ShareAmmPair'
import { addressId } from '../../computation/entityIds'
import { type EventHandler, on } from '../../computation/eventHandler'
import type { HandlerContext, LogPosition, Prefetch } from '../../computation/handlerContext'
import { LiquidityEvent, LiquidityEventKind, Pool, PoolHourData, Swap } from '../../model'
import { takeLiquidity } from './createdTransfer'
import { poolHourId } from './shareIds'

const ONE = 10n ** 18n

/**
 * Events of a ShareAmmFactory pair (created at run time; the LP `Transfer` is in
 * `createdTransfer.ts`). Each reads the Pool by the log's address and ignores the log when the
 * factory never created that address. `Sync` sets the reserves, the price (WOPEN wei per 1e18
 * share units, share/WOPEN pools only), the TVL (2 × the WOPEN reserve) and the hour's OHLC;
 * `Swap` adds volume; `Mint`/`Burn` become LiquidityEvent rows.
 *
 * @example
 * shareAmmFactoryHandlers.created.includes(shareAmmPairHandlers[0])
 */
export const shareAmmPairHandlers: EventHandler<unknown>[] = [
  on(events.Sync, {
    prefetch: prefetchPoolAndHour,
    apply: (e, c) => {
      const pool = c.existing(Pool, c.pos.address)
      if (!pool) return
      c.save(pool)
      const before = pool.price ?? null
      pool.reserve0 = e.reserve0
      pool.reserve1 = e.reserve1
      pool.price = priceOf(pool)
      pool.tvlWopen = pool.quotedInWopen ? 2n * (pool.shareSide === 0 ? e.reserve1 : e.reserve0) : null
      const hour = hourOf(c, pool, before)
      const p = pool.price
      if (p !== null) {
        hour.high = hour.high === null || hour.high === undefined || p > hour.high ? p : hour.high
        hour.low = hour.low === null || hour.low === undefined || p < hour.low ? p : hour.low
      }
      hour.close = p
      hour.reserve0 = pool.reserve0
      hour.reserve1 = pool.reserve1
      hour.tvlWopen = pool.tvlWopen
    },
  }),
  on(events.Swap, {
    prefetch: prefetchPoolAndHour,
    apply: (e, c) => {
      const pool = c.existing(Pool, c.pos.address)
      if (!pool) return
      c.save(pool)
      pool.swapCount += 1
      pool.volume0 += e.amount0In
      pool.volume1 += e.amount1In
      const hour = hourOf(c, pool, pool.price ?? null)
      hour.swapCount += 1
      hour.volume0 += e.amount0In
      hour.volume1 += e.amount1In
      c.append(
        new Swap({
          id: c.eventId(),
          pool,
          sender: addressId(e.sender),
          to: addressId(e.to),
          amount0In: e.amount0In,
          amount1In: e.amount1In,
          amount0Out: e.amount0Out,
          amount1Out: e.amount1Out,
          price: pool.price ?? null,
          blockNumber: c.pos.blockNumber,
          timestamp: c.date,
          txHash: c.pos.txHash,
        }),
      )
    },
  }),
  on(events.Mint, {
    prefetch: (_e, p, pos) => p.add(Pool, pos.address),
    apply: (e, c) => liquidityEvent(c, LiquidityEventKind.MINT, e.sender, null, e.amount0, e.amount1),
  }),
  on(events.Burn, {
    prefetch: (_e, p, pos) => p.add(Pool, pos.address),
    apply: (e, c) => liquidityEvent(c, LiquidityEventKind.BURN, e.sender, e.to, e.amount0, e.amount1),
  }),
]

function prefetchPoolAndHour(_e: unknown, p: Prefetch, pos: LogPosition): void {
  p.add(Pool, pos.address)
  p.add(PoolHourData, poolHourId(pos.address, pos.timestamp))
}

function liquidityEvent(
  c: HandlerContext,
  kind: LiquidityEventKind,
  sender: string,
  to: string | null,
  amount0: bigint,
  amount1: bigint,
): void {
  const pool = c.existing(Pool, c.pos.address)
  if (!pool) return
  c.append(
    new LiquidityEvent({
      id: c.eventId(),
      pool,
      kind,
      sender: addressId(sender),
      to: to === null ? null : addressId(to),
      amount0,
      amount1,
      liquidity: takeLiquidity(c, pool.id),
      blockNumber: c.pos.blockNumber,
      timestamp: c.date,
      txHash: c.pos.txHash,
    }),
  )
}

/** WOPEN wei per 1e18 share units (share/WOPEN pools with a non-empty share reserve), else null. */
function priceOf(pool: Pool): bigint | null {
  if (!pool.quotedInWopen) return null
  const [share, wopen] =
    pool.shareSide === 0 ? [pool.reserve0, pool.reserve1] : [pool.reserve1, pool.reserve0]
  return share === 0n ? null : (wopen * ONE) / share
}

/** This hour's row, opened at the price before its first change. */
function hourOf(c: HandlerContext, pool: Pool, openPrice: bigint | null): PoolHourData {
  const id = poolHourId(pool.id, c.pos.timestamp)
  const found = c.existing(PoolHourData, id)
  if (found) return c.save(found)
  return c.save(
    new PoolHourData({
      id,
      pool,
      hourStart: new Date(Math.floor(c.pos.timestamp / 3_600_000) * 3_600_000),
      open: openPrice ?? pool.price ?? null,
      high: openPrice,
      low: openPrice,
      close: openPrice,
      reserve0: pool.reserve0,
      reserve1: pool.reserve1,
      tvlWopen: pool.tvlWopen ?? null,
      volume0: 0n,
      volume1: 0n,
      swapCount: 0,
    }),
  )
}
