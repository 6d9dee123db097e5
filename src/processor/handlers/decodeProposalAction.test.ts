import { encodeFunctionData } from 'viem'
import { describe, expect, it } from 'vitest'
import { modelFundAbi } from '../../abi/viem'
import { decodeProposalAction } from './decodeProposalAction'

const fund = (memo: string) =>
  encodeFunctionData({ abi: modelFundAbi, functionName: 'fundModel', args: [3n, 10n ** 21n, memo] })

describe('decodeProposalAction', () => {
  it('decodes a governance call against the target ABI', () => {
    expect(decodeProposalAction('ModelFund', 0n, fund('grant'))).toEqual({
      contract: 'ModelFund',
      functionName: 'fundModel',
      args: { modelId: '3', amount: '1000000000000000000000', memo: 'grant' },
      summary: 'fund model 3 with 1000 OPEN (memo "grant")',
    })
  })

  it('keeps calldata over 16 KiB undecoded (offsets could expand it many times over)', () => {
    const calldata = fund('x'.repeat(20_000))
    expect(decodeProposalAction('ModelFund', 0n, calldata)).toEqual({
      contract: 'ModelFund',
      functionName: 'fundModel',
      args: null,
      summary: `ModelFund.fundModel with ${(calldata.length - 2) / 2} bytes of arguments (not decoded)`,
    })
  })
})
