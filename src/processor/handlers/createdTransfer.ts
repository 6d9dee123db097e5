import { events } from '../../abi/ModelShareToken'
import { on } from '../../computation/eventHandler'
import type { HandlerContext } from '../../computation/handlerContext'
import {
  LiquidityPosition,
  Pool,
  ShareHolder,
  type ShareToken,
  ShareToken as ShareTokenEntity,
} from '../../model'
import { holderId, isZeroAddress, positionId } from './shareIds'

/**
 * ERC-20 `Transfer` of a contract created at run time: a ModelShares token (holder balances and
 * dividend corrections, exactly as the contract moves them) or a ShareAmmFactory pair's LP token
 * (positions and LP supply). One handler for both, since the topic is the same; a log from any
 * other address (a token no factory of ours created) is ignored.
 *
 * @example
 * modelSharesHandlers.created.includes(createdTransfer)
 */
export const createdTransfer = on(events.Transfer, {
  prefetch: (e, p, pos) => {
    p.add(ShareTokenEntity, pos.address)
    p.add(Pool, pos.address)
    for (const a of [e.from, e.to]) {
      if (isZeroAddress(a)) continue
      p.add(ShareHolder, holderId(pos.address, a))
      p.add(LiquidityPosition, positionId(pos.address, a))
      p.account(a)
    }
  },
  apply: (e, c) => {
    const token = c.existing(ShareTokenEntity, c.pos.address)
    if (token) return moveShares(c, token, e.from, e.to, e.value)
    const pool = c.existing(Pool, c.pos.address)
    if (pool) moveLiquidity(c, pool, e.from, e.to, e.value)
  },
})

/** Shares move: the sender's correction grows by mps × value and the receiver's shrinks by it. */
function moveShares(c: HandlerContext, token: ShareToken, from: string, to: string, value: bigint): void {
  const shift = token.magnifiedDividendPerShare * value
  if (!isZeroAddress(from)) {
    const h = holder(c, token, from)
    if (h.balance > 0n && h.balance === value) c.save(token).holderCount -= 1
    h.balance -= value
    h.magnifiedCorrection += shift
  }
  if (!isZeroAddress(to)) {
    const h = holder(c, token, to)
    if (h.balance === 0n && value > 0n) c.save(token).holderCount += 1
    h.balance += value
    h.magnifiedCorrection -= shift
  }
}

function holder(c: HandlerContext, token: ShareToken, address: string): ShareHolder {
  const id = holderId(token.id, address)
  const found = c.existing(ShareHolder, id)
  if (found) return c.save(found)
  return c.save(
    new ShareHolder({
      id,
      token,
      account: c.account(address),
      balance: 0n,
      magnifiedCorrection: 0n,
      claimed: 0n,
    }),
  )
}

/**
 * LP tokens minted or burnt by each pool since its last Mint/Burn event, per batch context: the
 * pair emits the LP Transfer just before its Mint (or Burn) in the same call, so the event's row
 * takes the amount from here ({@link takeLiquidity}).
 */
const liquidityMoved = new WeakMap<HandlerContext, Map<string, bigint>>()

/**
 * LP tokens minted (or burnt) by the pool since the last call, for its Mint (Burn) row.
 *
 * @example
 * takeLiquidity(c, pool.id) // 9000n
 */
export function takeLiquidity(c: HandlerContext, poolId: string): bigint {
  const moved = liquidityMoved.get(c)
  const amount = moved?.get(poolId) ?? 0n
  moved?.delete(poolId)
  return amount
}

function noteLiquidity(c: HandlerContext, poolId: string, amount: bigint): void {
  let moved = liquidityMoved.get(c)
  if (!moved) {
    moved = new Map()
    liquidityMoved.set(c, moved)
  }
  moved.set(poolId, (moved.get(poolId) ?? 0n) + amount)
}

/** LP tokens move: positions of both sides, and the supply on a mint or burn. */
function moveLiquidity(c: HandlerContext, pool: Pool, from: string, to: string, value: bigint): void {
  if (isZeroAddress(from)) {
    // The first mint locks MINIMUM_LIQUIDITY at 0x…dEaD before minting to the provider.
    if (!(pool.totalSupply === 0n && BigInt(to) === DEAD)) noteLiquidity(c, pool.id, value)
    c.save(pool).totalSupply += value
  } else position(c, pool, from).balance -= value
  if (isZeroAddress(to)) {
    noteLiquidity(c, pool.id, value)
    c.save(pool).totalSupply -= value
  } else position(c, pool, to).balance += value
}

const DEAD = 0xdeadn

function position(c: HandlerContext, pool: Pool, address: string): LiquidityPosition {
  const id = positionId(pool.id, address)
  const found = c.existing(LiquidityPosition, id)
  if (found) return c.save(found)
  return c.save(new LiquidityPosition({ id, pool, account: c.account(address), balance: 0n }))
}
