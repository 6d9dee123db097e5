import { type Address, maxUint256, parseEther } from 'viem'
import { roleId } from './roleId'
import type { StackTransactions } from './stackTransactions'

/**
 * Lets the bank create staking configs and creates the default public WOPEN product (5 %/year,
 * 7-day lock, 1-day cooldown) under `configId`, so stakers have something to stake in from the
 * first block; the bank approves Staking to pull its WOPEN for interest.
 *
 * @throws {DeploymentError} naming the step that failed.
 * @example
 * await wireStaking(tx, { staking, bank, wopen, deployer, configId: DEFAULT_STAKING_CONFIG_ID })
 */
export async function wireStaking(
  tx: StackTransactions,
  a: { staking: Address; bank: Address; wopen: Address; deployer: Address; configId: bigint },
): Promise<void> {
  const { staking, bank, wopen } = a
  await tx.call('grant TRUSTED_BANK', 'Staking', staking, 'grantRole', [roleId('TRUSTED_BANK'), bank])
  await tx.call('create default staking config', 'Bank', bank, 'setConfig', [
    staking,
    a.configId,
    {
      bank,
      manager: a.deployer,
      token: wopen,
      interestRate: parseEther('0.05'),
      stakeDuration: 7n * 86400n,
      cooldownDuration: 86400n,
      maxStake: parseEther('10000000'),
      minStake: parseEther('1'),
      isActive: true,
      isTopupEnabled: true,
      isPublic: true,
    },
  ])
  await tx.call('bank approves staking', 'Bank', bank, 'approve', [wopen, staking, maxUint256])
}
