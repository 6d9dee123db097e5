import type { Address } from 'viem'
import { DEFAULT_ADMIN_ROLE, roleId } from './roleId'
import type { StackTransactions } from './stackTransactions'

/**
 * Makes governance the only power over the stack: the governor proposes and cancels on the
 * timelock (anyone executes), the timelock takes Staking's admin role and the bank, and the
 * deployer renounces every admin role it held, the timelock's last. Run after every step that
 * needs the deployer's roles.
 *
 * @throws {DeploymentError} naming the step that failed.
 * @example
 * await handOverToGovernance(tx, { timelock, governor, staking, bank, deployer })
 */
export async function handOverToGovernance(
  tx: StackTransactions,
  a: { timelock: Address; governor: Address; staking: Address; bank: Address; deployer: Address },
): Promise<void> {
  const { timelock, governor, staking, bank, deployer } = a
  await tx.call('grant PROPOSER_ROLE', 'OpenLedgerTimelock', timelock, 'grantRole', [
    roleId('PROPOSER_ROLE'),
    governor,
  ])
  await tx.call('grant CANCELLER_ROLE', 'OpenLedgerTimelock', timelock, 'grantRole', [
    roleId('CANCELLER_ROLE'),
    governor,
  ])
  await tx.call('hand Staking admin to timelock', 'Staking', staking, 'grantRole', [
    DEFAULT_ADMIN_ROLE,
    timelock,
  ])
  await tx.call('renounce Staking admin', 'Staking', staking, 'renounceRole', [DEFAULT_ADMIN_ROLE, deployer])
  await tx.call('hand bank to timelock', 'Bank', bank, 'transferOwnership', [timelock])
  await tx.call('renounce timelock admin', 'OpenLedgerTimelock', timelock, 'renounceRole', [
    DEFAULT_ADMIN_ROLE,
    deployer,
  ])
}
