import type { Address } from 'viem'
import {
  bondProvider,
  type Compute,
  fulfilCompute,
  marketCall,
  marketRead,
  minePastDeadline,
  positionOf,
  requestCompute,
} from '../../contracts/ai/computeSimulate'
import type { Model } from '../../contracts/ai/simulate'
import type { Workload } from './workload'

/** Wallets of the compute activity: 17 and 18 serve, 19 misses; 15 and 16 pay. */
const PROVIDERS = [17, 18, 19]
const PAYERS = [15, 16]

/** The workload's ComputeMarket, as the contract helpers take it. */
export const computeOf = (w: Workload): Compute => ({
  stack: w.stack,
  market: w.manifest.contracts.ComputeMarket!.address as Address,
})

/**
 * ComputeMarket activity on a workload chain: providers (re)bond up to three minimum bonds for the
 * first model, `fulfilled` requests served by two of them, `missed` requests to the third that
 * pass their deadline and are claimed, and (with `unbond`) the second provider starts unbonding.
 *
 * @example
 * await computeActivity(w, { fulfilled: 3, missed: 2, salt: 'a' })
 */
export async function computeActivity(
  w: Workload,
  opts: { fulfilled: number; missed: number; salt: string; unbond?: boolean },
): Promise<void> {
  const c = computeOf(w)
  const chain = w.stack.chain
  const model = w.models[0] as Model
  const minBond = await marketRead<bigint>(c, 'minBond')
  for (const i of PROVIDERS) {
    const { bonded } = await positionOf(c, chain.accounts[i], model)
    if (bonded < minBond) await bondProvider(c, chain.wallets[i], model, 3n * minBond)
  }
  await marketCall(c, chain.wallets[17], 'setCapacity', [model.id, BigInt(50 + opts.fulfilled)])
  for (let k = 0; k < opts.fulfilled; k++) {
    const who = chain.wallets[PROVIDERS[k % 2]]
    const r = await requestCompute(
      c,
      model,
      chain.wallets[PAYERS[k % 2]],
      who.account.address,
      `${opts.salt}-${k}`,
    )
    await fulfilCompute(r, who, `out-${opts.salt}-${k}`)
  }
  const missed = []
  for (let k = 0; k < opts.missed; k++)
    missed.push(
      await requestCompute(c, model, chain.wallets[PAYERS[k % 2]], chain.accounts[19], `${opts.salt}-m${k}`),
    )
  if (missed.length) await minePastDeadline(missed[missed.length - 1])
  for (const r of missed) await marketCall(c, chain.wallets[PAYERS[0]], 'claimMissed', [r.id])
  if (opts.unbond) await marketCall(c, chain.wallets[18], 'requestUnbond', [model.id, minBond])
}
