import * as attributionValidators from '../../abi/AttributionValidators'
import * as datanetRegistry from '../../abi/DatanetRegistry'
import * as gopen from '../../abi/GOPEN'
import * as inferenceRouter from '../../abi/InferenceRouter'
import * as modelFund from '../../abi/ModelFund'
import * as modelRegistry from '../../abi/ModelRegistry'
import * as governor from '../../abi/OpenLedgerGovernor'
import * as timelock from '../../abi/OpenLedgerTimelock'
import * as openToken from '../../abi/OpenToken'
import * as policyRegistry from '../../abi/PolicyRegistry'
import * as staking from '../../abi/Staking'
import * as wopen from '../../abi/WOPEN'
import { formatOpenAmount } from './formatOpenAmount'

type AbiFunctionLike = { selector: string; decode(calldata: string): Record<string, unknown> }
const FUNCTIONS: Record<string, Record<string, AbiFunctionLike>> = {
  AttributionValidators: attributionValidators.functions,
  DatanetRegistry: datanetRegistry.functions,
  GOPEN: gopen.functions,
  OpenLedgerGovernor: governor.functions,
  OpenLedgerTimelock: timelock.functions,
  InferenceRouter: inferenceRouter.functions,
  ModelFund: modelFund.functions,
  ModelRegistry: modelRegistry.functions,
  OpenToken: openToken.functions,
  PolicyRegistry: policyRegistry.functions,
  Staking: staking.functions,
  WOPEN: wopen.functions,
} as unknown as Record<string, Record<string, AbiFunctionLike>>

/** A proposal call, decoded as far as the target's ABI allows. */
export type DecodedAction = {
  contract: string | null
  functionName: string | null
  args: Record<string, unknown> | null
  summary: string
}

const pct = (bps: unknown) => `${Number(bps) / 100}%`

/**
 * Calldata longer than this (bytes) is kept but not decoded: ABI offsets may point many times at
 * one long string, so decoded arguments (and their summary) could be thousands of times the size
 * of the calldata. Governance calls are a few hundred bytes.
 */
const MAX_DECODED_CALLDATA = 16_384

/**
 * Decodes one proposal call. `contract` is the manifest name of the target (undefined when the
 * target is not indexed); a readable summary is produced for the governed AI-side calls.
 *
 * @example
 * decodeProposalAction('ModelFund', 0n, calldata).summary // 'fund model 3 with 1000 OPEN (memo "grant")'
 */
export function decodeProposalAction(
  contract: string | undefined,
  value: bigint,
  calldata: string,
): DecodedAction {
  const selector = calldata.slice(0, 10).toLowerCase()
  const fns = contract ? FUNCTIONS[contract] : undefined
  const entry = fns && Object.entries(fns).find(([, f]) => f.selector === selector)
  if (!contract || !entry) {
    const what = calldata.length <= 2 ? `send ${formatOpenAmount(value)} OPEN` : `call ${selector}`
    return {
      contract: contract ?? null,
      functionName: null,
      args: null,
      summary: `${what} on ${contract ?? 'an unindexed contract'}`,
    }
  }
  const [name, fn] = entry
  const size = (calldata.length - 2) / 2
  if (size > MAX_DECODED_CALLDATA)
    return {
      contract,
      functionName: name,
      args: null,
      summary: `${contract}.${name} with ${size} bytes of arguments (not decoded)`,
    }
  let args: Record<string, unknown>
  try {
    args = fn.decode(calldata)
  } catch {
    return {
      contract,
      functionName: name,
      args: null,
      summary: `${contract}.${name} with undecodable arguments`,
    }
  }
  return {
    contract,
    functionName: name,
    args: jsonSafe(args) as Record<string, unknown>,
    summary: summarize(contract, name, args, value),
  }
}

function summarize(contract: string, name: string, a: Record<string, unknown>, value: bigint): string {
  switch (`${contract}.${name}`) {
    case 'ModelFund.fundModel':
      return `fund model ${a.modelId} with ${formatOpenAmount(a.amount as bigint)} OPEN (memo "${a.memo}")`
    case 'PolicyRegistry.setFeePolicy':
      return `set fee policy: protocol ${pct(a.protocolBps)}, model owner ${pct(a.modelOwnerBps)}, stakers ${pct(a.stakersBps)}, contributors ${pct(a.contributorsBps)}`
    case 'PolicyRegistry.setAttributionPolicy':
      return `set attribution policy: ${a.method}, top-k ${a.topK}, min weight ${a.minWeightPpm} ppm, audit tolerance ${a.auditTolerancePpm} ppm`
    case 'AttributionValidators.slash':
      return `slash validator ${String(a.validator).toLowerCase()} by ${formatOpenAmount(a.amount as bigint)} OPEN (evidence ${a.evidenceHash})`
    case 'AttributionValidators.setMinBond':
      return `set the minimum validator bond to ${formatOpenAmount(a.newMinBond as bigint)} OPEN`
    case 'PolicyRegistry.upgradeToAndCall':
    case 'DatanetRegistry.upgradeToAndCall':
    case 'ModelRegistry.upgradeToAndCall':
    case 'InferenceRouter.upgradeToAndCall':
      return `upgrade ${contract} to implementation ${String(a.newImplementation).toLowerCase()}${a.data === '0x' ? '' : ` and call ${String(a.data).slice(0, 10)}`}`
    default: {
      const list = Object.entries(a).map(([k, v]) => `${k}=${String(v)}`)
      const pay = value > 0n ? ` sending ${formatOpenAmount(value)} OPEN` : ''
      return `${contract}.${name}(${list.join(', ')})${pay}`
    }
  }
}

function jsonSafe(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString()
  if (Array.isArray(v)) return v.map(jsonSafe)
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonSafe(x)]))
  return v
}
