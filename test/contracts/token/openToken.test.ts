import { type Address, parseEventLogs, zeroAddress } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTokenAbi } from '../../../src/abi/viem'
import { expectRevert, send, setupChain, type TestChain } from '../../setup/chain'

const SUPPLY = 1_000_000_000n * 10n ** 18n

describe('OpenToken (L1 OPEN)', () => {
  let chain: TestChain
  let token: Address
  let recipient: Address

  beforeAll(async () => {
    chain = await setupChain({ accounts: 3 })
    recipient = chain.accounts[1]
    token = await chain.deploy('OpenToken', [recipient])
  })
  afterAll(async () => {
    await chain?.stop()
  })

  it('mints exactly 1B OPEN once, all to the recipient', async () => {
    const read = (functionName: 'totalSupply' | 'name' | 'symbol' | 'decimals') =>
      chain.publicClient.readContract({ address: token, abi: openTokenAbi, functionName })
    expect([
      await read('name'),
      await read('symbol'),
      await read('decimals'),
      await read('totalSupply'),
    ]).toEqual(['Open', 'OPEN', 18, SUPPLY])
    const balance = await chain.publicClient.readContract({
      address: token,
      abi: openTokenAbi,
      functionName: 'balanceOf',
      args: [recipient],
    })
    expect(balance).toBe(SUPPLY)
    // The single mint is a Transfer from the zero address in the deployment block.
    const logs = await chain.publicClient.getContractEvents({
      address: token,
      abi: openTokenAbi,
      eventName: 'Transfer',
      fromBlock: 0n,
    })
    expect(logs.map((l) => l.args)).toEqual([{ from: zeroAddress, to: recipient, value: SUPPLY }])
  })

  it('has no mint function in its ABI', () => {
    const functions = openTokenAbi.filter((item) => item.type === 'function').map((item) => item.name)
    expect(functions).toContain('burn')
    expect(functions.filter((name) => /mint/i.test(name))).toEqual([])
  })

  it('burn reduces the total supply; over-burn reverts with ERC20InsufficientBalance', async () => {
    const amount = 1_000n * 10n ** 18n
    const receipt = await send(chain, chain.wallets[1], {
      address: token,
      abi: openTokenAbi,
      functionName: 'burn',
      args: [amount],
    })
    const [burn] = parseEventLogs({ abi: openTokenAbi, logs: receipt.logs, eventName: 'Transfer' })
    expect(burn.args).toEqual({ from: recipient, to: zeroAddress, value: amount })
    const supply = await chain.publicClient.readContract({
      address: token,
      abi: openTokenAbi,
      functionName: 'totalSupply',
    })
    expect(supply).toBe(SUPPLY - amount)
    await expectRevert(
      chain.wallets[2].writeContract({ address: token, abi: openTokenAbi, functionName: 'burn', args: [1n] }),
      'ERC20InsufficientBalance',
    )
  })
})
