import { type Address, keccak256, parseEther, parseEventLogs, type TransactionReceipt, toHex } from 'viem'
import type { Wallet } from '../../setup/chain'
import {
  type AiStack,
  type Datanet,
  type Inference,
  inferenceRouterAbi,
  type Model,
  modelRegistryAbi,
  policyRegistryAbi,
  read,
  type Weight,
  write,
} from './simulate'

/** A fine-tune: its base version and the sealed datanet versions it was fine-tuned on. */
export type FineTuneSpec = {
  base: Model
  baseVersion: number
  trainedOn: { datanet: Datanet; version: number }[]
  artifact?: string
  method?: string
}

const fineTuneArg = (spec: FineTuneSpec) => ({
  baseModelId: spec.base.id,
  baseVersion: spec.baseVersion,
  artifactHash: keccak256(toHex(spec.artifact ?? 'fine-tuned.onnx')),
  attributionMethod: spec.method ?? 'tracin-cp-last-layer-cosine',
  datanetIds: spec.trainedOn.map((t) => t.datanet.id),
  datanetVersions: spec.trainedOn.map((t) => t.version),
})

/** Mints a model owned by `owner` whose version 1 is fine-tuned from `spec.base`. */
export async function registerFineTunedModel(
  stack: AiStack,
  owner: Wallet,
  spec: FineTuneSpec,
  price = parseEther('0.01'),
): Promise<Model> {
  const { result } = await write<bigint>(stack.chain, owner, {
    address: stack.models,
    abi: modelRegistryAbi,
    functionName: 'registerFineTunedModel',
    args: ['fine-tuned', 'ipfs://model/fine-tuned', price, fineTuneArg(spec)],
  })
  return { stack, id: result, owner, price }
}

/** The model's owner publishes its next version, fine-tuned from `spec.base`; returns the version. */
export async function publishFineTune(model: Model, spec: FineTuneSpec, by?: Wallet) {
  return write<number>(model.stack.chain, by ?? model.owner, {
    address: model.stack.models,
    abi: modelRegistryAbi,
    functionName: 'publishFineTune',
    args: [model.id, fineTuneArg(spec)],
  })
}

/** The declared base of a model version (depth 0: not fine-tuned). */
export async function lineageOf(stack: AiStack, modelId: bigint, version: number) {
  const [baseModelId, baseVersion, depth] = await read<[bigint, number, number]>(stack.chain, {
    address: stack.models,
    abi: modelRegistryAbi,
    functionName: 'lineageOf',
    args: [modelId, version],
  })
  return { baseModelId, baseVersion, depth }
}

/** The governance stand-in sets the upstream share (bps of the pool passed to the base). */
export async function setUpstreamShare(stack: AiStack, bps: number, by?: Wallet) {
  return write(stack.chain, by ?? stack.governor, {
    address: stack.policy,
    abi: policyRegistryAbi,
    functionName: 'setUpstreamShare',
    args: [bps],
  })
}

const idOf = (c: Weight[0]) => (typeof c === 'bigint' ? c : c.id)
const argsOf = (receipt: TransactionReceipt, eventName: string) =>
  parseEventLogs({
    abi: inferenceRouterAbi,
    logs: receipt.logs,
    eventName: eventName as 'InferenceSettled',
  }).map((l) => l.args as unknown)

/** A validator settles with one attribution per lineage level (level 0: the version itself). */
export async function settleWithLineage(
  inference: Inference,
  validator: Wallet,
  levels: readonly Weight[][],
) {
  const stack = inference.model.stack
  const { receipt } = await write(stack.chain, validator, {
    address: stack.router,
    abi: inferenceRouterAbi,
    functionName: 'settleWithLineage',
    args: [inference.id, levels.map((l) => l.map(([c]) => idOf(c))), levels.map((l) => l.map(([, w]) => w))],
  })
  return {
    receipt,
    settled: argsOf(receipt, 'InferenceSettled')[0] as {
      protocolAmount: bigint
      modelOwnerAmount: bigint
      stakersAmount: bigint
      contributorsAmount: bigint
      dust: bigint
    },
    levels: argsOf(receipt, 'UpstreamRoyaltyPaid') as {
      level: number
      modelId: bigint
      modelVersion: number
      amount: bigint
      kept: bigint
      paid: bigint
    }[],
    rewards: argsOf(receipt, 'ContributionRewarded') as {
      contributionId: bigint
      contributor: Address
      amount: bigint
      weightPpm: number
    }[],
  }
}
