import { type AbiEvent, toEventSelector } from 'viem'
import { describe, expect, it } from 'vitest'
import { gOPENAbi, openLedgerGovernorAbi, openTokenAbi, stakingAbi, wOPENAbi } from '../../../src/abi/viem'

/**
 * OpenLedger's published event declarations (github.com/openledger-dev/openledger `contracts/`,
 * openledger-dev/openledger-staking `src/Staking.sol`; Governor events from the OZ 5 Governor the
 * published OpenLedgerGovernor inherits), written out as in their source. `indexed` marks the
 * topics. Our compiled ABIs must match each one: same topic0 and the same indexed flags, so the
 * indexer decodes OpenLedger's own deployments unchanged.
 */
const PUBLISHED: Record<string, { abi: readonly unknown[]; events: string[] }> = {
  'Open (OpenToken)': {
    abi: openTokenAbi,
    events: [
      'Transfer(address indexed from, address indexed to, uint256 value)',
      'Approval(address indexed owner, address indexed spender, uint256 value)',
    ],
  },
  WOPEN: {
    abi: wOPENAbi,
    events: [
      'Approval(address indexed src, address indexed guy, uint wad)',
      'Transfer(address indexed src, address indexed dst, uint wad)',
      'Deposit(address indexed dst, uint wad)',
      'Withdrawal(address indexed src, uint wad)',
    ],
  },
  GOPEN: {
    abi: gOPENAbi,
    events: [
      'Deposit(address indexed sender, uint256 amt)',
      'Withdrawal(address indexed sender, uint256 amt)',
      'Transfer(address indexed from, address indexed to, uint256 value)',
      'Approval(address indexed owner, address indexed spender, uint256 value)',
      'DelegateChanged(address indexed delegator, address indexed fromDelegate, address indexed toDelegate)',
      'DelegateVotesChanged(address indexed delegate, uint256 previousVotes, uint256 newVotes)',
    ],
  },
  OpenLedgerGovernor: {
    abi: openLedgerGovernorAbi,
    events: [
      'ProposalCreated(uint256 proposalId, address proposer, address[] targets, uint256[] values, string[] signatures, bytes[] calldatas, uint256 voteStart, uint256 voteEnd, string description)',
      'ProposalQueued(uint256 proposalId, uint256 etaSeconds)',
      'ProposalExecuted(uint256 proposalId)',
      'ProposalCanceled(uint256 proposalId)',
      'VoteCast(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason)',
      'VoteCastWithParams(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason, bytes params)',
      'VotingDelaySet(uint256 oldVotingDelay, uint256 newVotingDelay)',
      'VotingPeriodSet(uint256 oldVotingPeriod, uint256 newVotingPeriod)',
      'ProposalThresholdSet(uint256 oldProposalThreshold, uint256 newProposalThreshold)',
      'QuorumNumeratorUpdated(uint256 oldQuorumNumerator, uint256 newQuorumNumerator)',
      'TimelockChange(address oldTimelock, address newTimelock)',
    ],
  },
  Staking: {
    abi: stakingAbi,
    events: [
      'Staked(uint256 indexed stakingId, address indexed recipient, uint256 indexed amount)',
      'ToppedUp(uint256 indexed stakingId, address indexed recipient, uint256 amount)',
      'Unstaked(uint256 indexed stakingId, address indexed recipient)',
      'RequestUnstake(uint256 indexed stakingId, address indexed recipient)',
      'ConfigSet(uint256 indexed configId)',
      'ConfigCreated(uint256 indexed configId)',
      'CommitStake(uint256 indexed stakingId, bytes commitment)',
    ],
  },
}

/** Parses `Name(type [indexed] name, ...)` into the canonical signature and the indexed flags. */
function parse(declaration: string) {
  const [, name, params] = declaration.match(/^(\w+)\((.*)\)$/)!
  const parts = params ? params.split(',').map((p) => p.trim().split(/\s+/)) : []
  // Solidity's `uint` is `uint256` in the canonical signature.
  const types = parts.map(([type]) => type.replace(/^uint$/, 'uint256').replace(/^int$/, 'int256'))
  return { name, signature: `${name}(${types.join(',')})`, indexed: parts.map((p) => p.includes('indexed')) }
}

describe('event compatibility with the published OpenLedger contracts', () => {
  for (const [contract, { abi, events }] of Object.entries(PUBLISHED)) {
    describe(contract, () => {
      const ours = (abi as AbiEvent[]).filter((item) => item.type === 'event')
      it.each(events)('%s', (declaration) => {
        const published = parse(declaration)
        const match = ours.find((e) => toEventSelector(e) === toEventSelector(published.signature))
        expect(match, `no event with topic0 of ${published.signature}`).toBeDefined()
        expect(match!.name).toBe(published.name)
        expect(match!.inputs.map((i) => i.indexed ?? false)).toEqual(published.indexed)
      })
    })
  }

  it('topic0 values are the keccak256 of the canonical signatures (spot check)', () => {
    expect(toEventSelector('Transfer(address,address,uint256)')).toBe(
      '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef',
    )
    expect(toEventSelector('Deposit(address,uint256)')).toBe(
      '0xe1fffcc4923d04b559f4d29a8bfc6cda04eb5b0d3c460751c2402c5c5cc9109c',
    )
  })
})
