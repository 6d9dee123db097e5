import { type Address, encodeFunctionData, type Hex, keccak256, toHex } from 'viem'
import { inferenceRouterAbi } from '../abi/viem'
import { roleId } from './roleId'
import type { StackTransactions } from './stackTransactions'

/** Longest timelock delay the deployment waits out itself; beyond it the call is left scheduled. */
export const MAX_WAITED_DELAY_SECONDS = 60

/**
 * Makes `market` the router's compute market the only way the router allows: a call by its
 * governance (the timelock). The deployer, still the timelock's admin, becomes a proposer for one
 * operation, schedules `setComputeMarket`, gives the role up, waits the timelock delay and executes
 * (anyone may execute). A delay longer than {@link MAX_WAITED_DELAY_SECONDS} is not waited out:
 * the operation stays scheduled for anyone to execute once ready. Run before `handOverToGovernance`.
 *
 * @returns whether the call was executed (false: scheduled only).
 * @throws {DeploymentError} naming the step that failed.
 * @example
 * await setComputeMarketViaTimelock(tx, { timelock, router, market, deployer, delaySeconds: 1 })
 */
export async function setComputeMarketViaTimelock(
  tx: StackTransactions,
  a: { timelock: Address; router: Address; market: Address; deployer: Address; delaySeconds: number },
): Promise<boolean> {
  const data = encodeFunctionData({
    abi: inferenceRouterAbi,
    functionName: 'setComputeMarket',
    args: [a.market],
  })
  const zero: Hex = `0x${'00'.repeat(32)}`
  const salt = keccak256(toHex('set compute market'))
  const op = [a.router, 0n, data, zero, salt] as const
  await tx.call('grant deployer PROPOSER_ROLE', 'OpenLedgerTimelock', a.timelock, 'grantRole', [
    roleId('PROPOSER_ROLE'),
    a.deployer,
  ])
  await tx.call('schedule setComputeMarket', 'OpenLedgerTimelock', a.timelock, 'schedule', [
    ...op,
    BigInt(a.delaySeconds),
  ])
  await tx.call('renounce deployer PROPOSER_ROLE', 'OpenLedgerTimelock', a.timelock, 'renounceRole', [
    roleId('PROPOSER_ROLE'),
    a.deployer,
  ])
  if (a.delaySeconds > MAX_WAITED_DELAY_SECONDS) return false
  // Block time follows the wall clock (or runs ahead of it): the next block is past the delay.
  await new Promise((r) => setTimeout(r, (a.delaySeconds + 1) * 1000))
  await tx.call('execute setComputeMarket', 'OpenLedgerTimelock', a.timelock, 'execute', op)
  return true
}
