import { keccak256, parseEther, toHex } from 'viem'
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest'
import { expectRevert, setupChain, type TestChain } from '../../setup/chain'
import { buildMarket, type Market } from './fixture'
import {
  attributionValidatorsAbi,
  fulfil,
  inferenceRouterAbi,
  policyRegistryAbi,
  registerModel,
  requestInference,
  settle,
  type Weight,
  write,
} from './simulate'

let chain: TestChain
let m: Market
let snapshot: `0x${string}`

beforeAll(async () => {
  chain = await setupChain()
  m = await buildMarket(chain)
  snapshot = await chain.testClient.snapshot()
})
beforeEach(async () => {
  await chain.testClient.revert({ id: snapshot })
  snapshot = await chain.testClient.snapshot()
})
afterAll(async () => {
  await chain?.stop()
})

/** A fresh inference, fulfilled by the model owner, ready to settle. */
async function fulfilled() {
  const inference = await requestInference(m.model, m.caller)
  await fulfil(inference)
  return inference
}
const settleWith = async (weights: Weight[]) => settle(await fulfilled(), m.validator, weights)
const t = (i: number) => m.trained[i]
const routerCall = (functionName: string, args: readonly unknown[], from = m.outsider, value?: bigint) =>
  write(chain, from, { address: m.stack.router, abi: inferenceRouterAbi, functionName, args, value })
const governorCall = (
  address: `0x${string}`,
  abi: typeof policyRegistryAbi,
  functionName: string,
  args: unknown[],
) => write(chain, m.stack.governor, { address, abi, functionName, args })

// Each case starts from the same freshly built market (anvil snapshot) and must revert with its named error.
const cases: [string, () => Promise<unknown>, string][] = [
  // request / fulfil
  ['fee below the price', () => requestInference(m.model, m.caller, 'x', m.model.price - 1n), 'WrongFee'],
  ['fee above the price', () => requestInference(m.model, m.caller, 'x', m.model.price + 1n), 'WrongFee'],
  ['request on an unknown model', () => routerCall('request', [999n, keccak256(toHex('x'))]), 'UnknownModel'],
  [
    'fulfil by someone other than the model owner',
    async () => fulfil(await requestInference(m.model, m.caller), 'o', m.outsider),
    'NotModelOwner',
  ],
  [
    'fulfil with a zero output hash',
    async () =>
      routerCall(
        'fulfil',
        [(await requestInference(m.model, m.caller)).id, `0x${'0'.repeat(64)}`],
        m.modelOwner,
      ),
    'ZeroOutputHash',
  ],
  ['fulfil twice', async () => fulfil(await fulfilled()), 'AlreadyFulfilled'],
  [
    'fulfil an unknown inference',
    () => routerCall('fulfil', [999n, keccak256(toHex('o'))], m.modelOwner),
    'InferenceNotFound',
  ],
  // who may settle, and when
  [
    'settle by an address that never bonded',
    async () => settle(await fulfilled(), m.outsider, [[t(0), 1_000_000]]),
    'NotActiveValidator',
  ],
  [
    'settle by a validator that unbonded below the minimum',
    async () => {
      const inference = await fulfilled()
      await write(chain, m.validator, {
        address: m.stack.validators,
        abi: attributionValidatorsAbi,
        functionName: 'requestUnbond',
        args: [1n],
      })
      return settle(inference, m.validator, [[t(0), 1_000_000]])
    },
    'NotActiveValidator',
  ],
  [
    'settle before fulfilment',
    async () => settle(await requestInference(m.model, m.caller), m.validator, [[t(0), 1_000_000]]),
    'NotFulfilled',
  ],
  [
    'settle twice',
    async () => {
      const inference = await fulfilled()
      await settle(inference, m.validator, [[t(0), 1_000_000]])
      return settle(inference, m.validator, [[t(1), 1_000_000]])
    },
    'AlreadySettled',
  ],
  [
    'settle an unknown inference',
    () => routerCall('settle', [999n, [t(0).id], [1_000_000]], m.validator),
    'InferenceNotFound',
  ],
  // the attribution itself
  [
    'weights summing below 1e6',
    () =>
      settleWith([
        [t(0), 500_000],
        [t(1), 499_999],
      ]),
    'WeightsSumInvalid',
  ],
  [
    'weights summing above 1e6',
    () =>
      settleWith([
        [t(0), 500_000],
        [t(1), 500_001],
      ]),
    'WeightsSumInvalid',
  ],
  [
    'ids and weights of different lengths',
    async () => routerCall('settle', [(await fulfilled()).id, [t(0).id, t(1).id], [1_000_000]], m.validator),
    'LengthMismatch',
  ],
  ['empty attribution', () => settleWith([]), 'EmptyAttribution'],
  [
    'more contributions than the policy top-k',
    () => settleWith(m.trained.slice(0, 11).map((c, i) => [c, i < 10 ? 90_000 : 100_000])),
    'TooManyContributions',
  ],
  [
    'a zero weight',
    () =>
      settleWith([
        [t(0), 1_000_000],
        [t(1), 0],
      ]),
    'ZeroWeight',
  ],
  [
    'a weight below the policy minimum',
    async () => {
      await governorCall(m.stack.policy, policyRegistryAbi, 'setAttributionPolicy', [
        'tracin-cp-last-layer-cosine',
        10,
        1_000,
        1_000,
      ])
      return settleWith([
        [t(0), 999_001],
        [t(1), 999],
      ])
    },
    'WeightBelowMinimum',
  ],
  [
    'a duplicate contribution id',
    () =>
      settleWith([
        [t(0), 500_000],
        [t(0), 500_000],
      ]),
    'DuplicateContribution',
  ],
  [
    'a contribution of a datanet the model did not train on',
    () =>
      settleWith([
        [t(0), 500_000],
        [m.foreign, 500_000],
      ]),
    'ForeignContribution',
  ],
  [
    'a contribution still pending review',
    () =>
      settleWith([
        [t(0), 500_000],
        [m.pending, 500_000],
      ]),
    'ContributionNotInVersion',
  ],
  [
    'a contribution accepted after the trained version was sealed',
    () => settleWith([[m.lateAccepted, 1_000_000]]),
    'ContributionNotInVersion',
  ],
  ['an unknown contribution id', () => settleWith([[999n, 1_000_000]]), 'UnknownContribution'],
  // governance-only and registration paths around the router
  [
    'fee policy change by a non-owner',
    () =>
      write(chain, m.outsider, {
        address: m.stack.policy,
        abi: policyRegistryAbi,
        functionName: 'setFeePolicy',
        args: [0, 0, 0, 10_000],
      }),
    'OwnableUnauthorizedAccount',
  ],
  [
    'attribution policy change by a non-owner',
    () =>
      write(chain, m.outsider, {
        address: m.stack.policy,
        abi: policyRegistryAbi,
        functionName: 'setAttributionPolicy',
        args: ['x', 1, 0, 0],
      }),
    'OwnableUnauthorizedAccount',
  ],
  [
    'slash by a non-owner',
    () =>
      write(chain, m.outsider, {
        address: m.stack.validators,
        abi: attributionValidatorsAbi,
        functionName: 'slash',
        args: [m.validator.account.address, 1n, keccak256(toHex('e'))],
      }),
    'OwnableUnauthorizedAccount',
  ],
  [
    'a model bound to an unsealed datanet version',
    () =>
      registerModel(m.stack, m.outsider, {
        trainedOn: [{ datanet: m.ham, version: 2 }],
        price: parseEther('1'),
      }),
    'VersionNotSealed',
  ],
]

describe('named custom errors', () => {
  it.each(cases.map(([name, run, error]) => ({ name, run, error })))(
    '$name → $error',
    async ({ run, error }) => {
      await expectRevert(run(), error)
    },
  )
})
