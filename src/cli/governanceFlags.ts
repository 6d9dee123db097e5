import { type Command, InvalidArgumentError } from 'commander'
import { formatEther, parseEther } from 'viem'
import { DEVNET_PARAMS, PUBLISHED_PARAMS, type StackParams } from '../chain/deployStack'
import { parseCount } from './parseFlags'

/** Governance parameters a deploying command takes; absent ones come from the defaults. */
export type GovernanceFlags = {
  votingDelay?: number
  votingPeriod?: number
  proposalThreshold?: bigint
  quorumPercent?: number
  timelockDelay?: number
  auditWindow?: number
}

/**
 * Adds the governance flags to a command that deploys the stack. `defaults` says which values the
 * help shows: `deploy` uses the published ones unless the node is a devnet (chain 31337); `devnet`,
 * `demo` and `start` always start a devnet.
 *
 * @example
 * withGovernanceOptions(program.command('deploy'), 'deploy')
 */
export function withGovernanceOptions(command: Command, defaults: 'deploy' | 'devnet'): Command {
  const d = (key: keyof StackParams, show: (v: never) => string = String) =>
    defaults === 'devnet'
      ? `(default ${show(DEVNET_PARAMS[key] as never)})`
      : `(default ${show(PUBLISHED_PARAMS[key] as never)}; ${show(DEVNET_PARAMS[key] as never)} on a devnet, chain 31337)`
  const gopen = (v: bigint) => `${formatEther(v)} GOPEN`
  return command
    .option('--voting-delay <s>', `governor voting delay, seconds ${d('votingDelay')}`, parseCount)
    .option('--voting-period <s>', `governor voting period, seconds ${d('votingPeriod')}`, parsePositive)
    .option(
      '--proposal-threshold <GOPEN>',
      `votes needed to propose ${d('proposalThreshold', gopen)}`,
      parseGopen,
    )
    .option('--quorum-percent <n>', `quorum, percent of the GOPEN supply ${d('quorumPercent')}`, parsePercent)
    .option('--timelock-delay <s>', `timelock delay, seconds ${d('timelockDelay')}`, parseCount)
    .option(
      '--audit-window <s>',
      `validator unbonding beyond the governance latency (voting delay + period + timelock delay), seconds ${d('auditWindow')}`,
      parsePositive,
    )
}

/**
 * The stack parameters for the flags given over `base` (DEVNET_PARAMS or PUBLISHED_PARAMS).
 *
 * @example
 * const params = governanceParams(flags, chainId === 31337 ? DEVNET_PARAMS : PUBLISHED_PARAMS)
 */
export function governanceParams(flags: GovernanceFlags, base: StackParams): StackParams {
  return {
    ...base,
    votingDelay: flags.votingDelay ?? base.votingDelay,
    votingPeriod: flags.votingPeriod ?? base.votingPeriod,
    proposalThreshold: flags.proposalThreshold ?? base.proposalThreshold,
    quorumPercent: flags.quorumPercent === undefined ? base.quorumPercent : BigInt(flags.quorumPercent),
    timelockDelay: flags.timelockDelay ?? base.timelockDelay,
    auditWindow: flags.auditWindow ?? base.auditWindow,
  }
}

// The governor stores the delay as uint48 and the period as uint32; the period must be non-zero.
function parsePositive(raw: string): number {
  const n = parseCount(raw)
  if (n < 1 || n > 2 ** 32 - 1) throw new InvalidArgumentError('Expected an integer from 1 to 4294967295.')
  return n
}

function parsePercent(raw: string): number {
  const n = parseCount(raw)
  if (n < 1 || n > 100) throw new InvalidArgumentError('Expected a percentage from 1 to 100.')
  return n
}

function parseGopen(raw: string): bigint {
  if (!/^\d+(\.\d{1,18})?$/.test(raw.trim()))
    throw new InvalidArgumentError('Expected an amount of GOPEN, e.g. 10000 or 0.5.')
  return parseEther(raw.trim())
}
