import { type Address, parseEther, parseEventLogs } from 'viem'
import { attributionValidatorsAbi, stakingAbi, wOPENAbi } from '../abi/viem'
import { DEFAULT_STAKING_CONFIG_ID } from '../chain/deployStack'
import { addressOf, advance, call, type DemoContext, send } from './demoContext'

/**
 * Bonds every validator (honest and dishonest) in AttributionValidators.
 *
 * @example
 * await bondValidators(ctx, parseEther('5000'))
 */
export async function bondValidators(ctx: DemoContext, amount: bigint): Promise<void> {
  const validators = addressOf(ctx, 'AttributionValidators')
  const all = [...ctx.roles.validators, ctx.roles.dishonestValidator]
  await send(
    ctx,
    all.map((v) => call(v, validators, attributionValidatorsAbi, 'bond', [], amount)),
  )
  ctx.progress.log(`${all.length} validators bonded ${amount / 10n ** 18n} OPEN each`)
}

/**
 * Members wrap native OPEN into WOPEN and stake it in the default staking product; returns the
 * stake id of each member, in order.
 *
 * @example
 * const stakeIds = await stakeMembers(ctx, parseEther('1000'))
 */
export async function stakeMembers(ctx: DemoContext, amount: bigint): Promise<bigint[]> {
  const wopen = addressOf(ctx, 'WOPEN')
  const staking = addressOf(ctx, 'Staking')
  const { members } = ctx.roles
  await send(
    ctx,
    members.map((m) => call(m, wopen, wOPENAbi, 'deposit', [], amount)),
  )
  await send(
    ctx,
    members.map((m) => call(m, wopen, wOPENAbi, 'approve', [staking, amount])),
  )
  const receipts = await send(
    ctx,
    members.map((m) => call(m, staking, stakingAbi, 'stake', [DEFAULT_STAKING_CONFIG_ID, m, amount])),
  )
  return receipts.map((r) => {
    const [ev] = parseEventLogs({ abi: stakingAbi, logs: r.logs as never, eventName: 'Staked' })
    return ev.args.stakingId
  })
}

/**
 * One member leaves: waits out the lock period, requests the unstake, waits out the cooldown and
 * unstakes (principal plus interest paid from the staking bank).
 *
 * @example
 * await unstakeAfterLock(ctx, ctx.roles.members[0], stakeIds[0])
 */
export async function unstakeAfterLock(ctx: DemoContext, member: Address, stakingId: bigint): Promise<void> {
  const staking = addressOf(ctx, 'Staking')
  const config = await ctx.publicClient.readContract({
    address: staking,
    abi: stakingAbi,
    functionName: 'configs',
    args: [DEFAULT_STAKING_CONFIG_ID],
  })
  // configs() returns the StakeConfig fields in order: stakeDuration is the 5th, cooldown the 6th.
  const [, , , , stakeDuration, cooldown] = config as unknown as bigint[]
  await advance(ctx, Number(stakeDuration) + 1)
  await send(ctx, [call(member, staking, stakingAbi, 'requestUnstake', [stakingId])])
  await advance(ctx, Number(cooldown) + 1)
  await send(ctx, [call(member, staking, stakingAbi, 'unstake', [stakingId])])
  ctx.progress.log(`stake ${stakingId} unstaked after its lock and cooldown`)
}

/** Default amounts of the demo. */
export const DEMO_AMOUNTS = {
  validatorBond: parseEther('5000'),
  stake: parseEther('1000'),
  votes: parseEther('200000'),
  grant: parseEther('10000'),
}
