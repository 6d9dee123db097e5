import * as p from '@subsquid/evm-codec'
import { event, fun, viewFun, indexed, ContractBase } from '@subsquid/evm-abi'
import type { EventParams as EParams, FunctionArguments, FunctionReturn } from '@subsquid/evm-abi'

export const events = {
    ComputeMarketSet: event("0xd4d3af927bfa491648760cb135a53b859d3ee476952bc3e21b37d02252f8c02b", "ComputeMarketSet(address,address)", {"previousMarket": indexed(p.address), "newMarket": indexed(p.address)}),
    ContributionRewarded: event("0xefff657b05e38a7f0f1ef048ad89b32ba16acaa7bc94d8347786602526a13733", "ContributionRewarded(uint256,uint256,address,uint256,uint32)", {"inferenceId": indexed(p.uint256), "contributionId": indexed(p.uint256), "contributor": indexed(p.address), "amount": p.uint256, "weightPpm": p.uint32}),
    InferenceCancelled: event("0xfcc24d737055f43c86a36a80edae17012f207956bdbd06de693c79cf13568a9f", "InferenceCancelled(uint256,address,uint256)", {"inferenceId": indexed(p.uint256), "caller": indexed(p.address), "refund": p.uint256}),
    InferenceFulfilled: event("0x0feb43e7e233cb87bb8fecb50728a183c3a09e669861b6517b3dfbfcaeb8ff76", "InferenceFulfilled(uint256,bytes32)", {"inferenceId": indexed(p.uint256), "outputHash": p.bytes32}),
    InferenceRequested: event("0x9a5bee84af72b7da9be9d5dcb2dc2181b4751984c3bd2a1148eea5cc8c473a8b", "InferenceRequested(uint256,uint256,address,uint32,bytes32,uint256)", {"inferenceId": indexed(p.uint256), "modelId": indexed(p.uint256), "caller": indexed(p.address), "modelVersion": p.uint32, "inputHash": p.bytes32, "fee": p.uint256}),
    InferenceSettled: event("0xc0cc0b9b5bd84facf6301b4c0367676a512dd84bff9bd7b95f59e47dcd9d3c0a", "InferenceSettled(uint256,address,uint256,uint256,uint256,uint256,uint256)", {"inferenceId": indexed(p.uint256), "validator": indexed(p.address), "protocolAmount": p.uint256, "modelOwnerAmount": p.uint256, "stakersAmount": p.uint256, "contributorsAmount": p.uint256, "dust": p.uint256}),
    Initialized: event("0xc7f505b2f371ae2175ee4913f4499e1f2633a7b5936321eed1cdaeb6115181d2", "Initialized(uint64)", {"version": p.uint64}),
    OwedWithdrawn: event("0xa6cd4410234ac9de9d1307f26fd9ec5124f511a9135d59c0904879dd8ae28e10", "OwedWithdrawn(address,address,uint256)", {"recipient": indexed(p.address), "to": indexed(p.address), "amount": p.uint256}),
    PaymentDeferred: event("0x8af6e30690e4b192e05dc42baa9776cefda6c432838616c7f4f036bbab44917e", "PaymentDeferred(address,uint256)", {"recipient": indexed(p.address), "amount": p.uint256}),
    Upgraded: event("0xbc7cd75a20ee27fd9adebab32041f755214dbc6bffa90cc0225b39da2e5c2d3b", "Upgraded(address)", {"implementation": indexed(p.address)}),
    UpstreamRoyaltyPaid: event("0x15c176c83cca462d6d9f5620552ba62406288377a722a91b0c1136d9d1f9e096", "UpstreamRoyaltyPaid(uint256,uint8,uint256,uint32,uint256,uint256,uint256)", {"inferenceId": indexed(p.uint256), "level": indexed(p.uint8), "modelId": indexed(p.uint256), "modelVersion": p.uint32, "amount": p.uint256, "kept": p.uint256, "paid": p.uint256}),
}

export const functions = {
    BPS: viewFun("0x249d39e9", "BPS()", {}, p.uint256),
    FULFIL_TIMEOUT: viewFun("0x88e64770", "FULFIL_TIMEOUT()", {}, p.uint64),
    PAYOUT_GAS: viewFun("0x9a44da83", "PAYOUT_GAS()", {}, p.uint256),
    PPM: viewFun("0x0d720bbc", "PPM()", {}, p.uint32),
    UPGRADE_INTERFACE_VERSION: viewFun("0xad3cb1cc", "UPGRADE_INTERFACE_VERSION()", {}, p.string),
    cancel: fun("0x40e58ee5", "cancel(uint256)", {"inferenceId": p.uint256}, ),
    computeMarket: viewFun("0x388256cc", "computeMarket()", {}, p.address),
    datanets: viewFun("0xea7fd377", "datanets()", {}, p.address),
    fulfil: fun("0x04e81bc3", "fulfil(uint256,bytes32)", {"inferenceId": p.uint256, "outputHash": p.bytes32}, ),
    inferenceCount: viewFun("0x740c4fa4", "inferenceCount()", {}, p.uint256),
    inferenceOf: viewFun("0xff3ee317", "inferenceOf(uint256)", {"inferenceId": p.uint256}, p.struct({"modelId": p.uint256, "caller": p.address, "modelVersion": p.uint32, "requestedAt": p.uint64, "status": p.uint8, "fee": p.uint256, "inputHash": p.bytes32, "outputHash": p.bytes32})),
    initialize: fun("0x35876476", "initialize(address,address,address,address,address,address,address)", {"models_": p.address, "datanets_": p.address, "validators_": p.address, "policy_": p.address, "treasury_": p.address, "wopen_": p.address, "stakingRewardsBank_": p.address}, ),
    models: viewFun("0x9986df2c", "models()", {}, p.address),
    owed: viewFun("0xdf18e047", "owed(address)", {"recipient": p.address}, p.uint256),
    policy: viewFun("0x0505c8c9", "policy()", {}, p.address),
    proxiableUUID: viewFun("0x52d1902d", "proxiableUUID()", {}, p.bytes32),
    request: fun("0xbc321119", "request(uint256,bytes32)", {"modelId": p.uint256, "inputHash": p.bytes32}, p.uint256),
    setComputeMarket: fun("0xa6e72ee0", "setComputeMarket(address)", {"market": p.address}, ),
    settle: fun("0x73f00a1e", "settle(uint256,uint256[],uint32[])", {"inferenceId": p.uint256, "contributionIds": p.array(p.uint256), "weightsPpm": p.array(p.uint32)}, ),
    settleWithLineage: fun("0x4552b7f0", "settleWithLineage(uint256,uint256[][],uint32[][])", {"inferenceId": p.uint256, "contributionIds": p.array(p.array(p.uint256)), "weightsPpm": p.array(p.array(p.uint32))}, ),
    stakingRewardsBank: viewFun("0x9c5aeaaa", "stakingRewardsBank()", {}, p.address),
    totalOwed: viewFun("0xe7fa9f7d", "totalOwed()", {}, p.uint256),
    treasury: viewFun("0x61d027b3", "treasury()", {}, p.address),
    upgradeToAndCall: fun("0x4f1ef286", "upgradeToAndCall(address,bytes)", {"newImplementation": p.address, "data": p.bytes}, ),
    validators: viewFun("0xca1e7819", "validators()", {}, p.address),
    withdrawOwed: fun("0x39a72c5c", "withdrawOwed()", {}, ),
    withdrawOwedTo: fun("0xe49e0422", "withdrawOwedTo(address)", {"to": p.address}, ),
    wopen: viewFun("0xc0378645", "wopen()", {}, p.address),
}

export class Contract extends ContractBase {

    BPS() {
        return this.eth_call(functions.BPS, {})
    }

    FULFIL_TIMEOUT() {
        return this.eth_call(functions.FULFIL_TIMEOUT, {})
    }

    PAYOUT_GAS() {
        return this.eth_call(functions.PAYOUT_GAS, {})
    }

    PPM() {
        return this.eth_call(functions.PPM, {})
    }

    UPGRADE_INTERFACE_VERSION() {
        return this.eth_call(functions.UPGRADE_INTERFACE_VERSION, {})
    }

    computeMarket() {
        return this.eth_call(functions.computeMarket, {})
    }

    datanets() {
        return this.eth_call(functions.datanets, {})
    }

    inferenceCount() {
        return this.eth_call(functions.inferenceCount, {})
    }

    inferenceOf(inferenceId: InferenceOfParams["inferenceId"]) {
        return this.eth_call(functions.inferenceOf, {inferenceId})
    }

    models() {
        return this.eth_call(functions.models, {})
    }

    owed(recipient: OwedParams["recipient"]) {
        return this.eth_call(functions.owed, {recipient})
    }

    policy() {
        return this.eth_call(functions.policy, {})
    }

    proxiableUUID() {
        return this.eth_call(functions.proxiableUUID, {})
    }

    stakingRewardsBank() {
        return this.eth_call(functions.stakingRewardsBank, {})
    }

    totalOwed() {
        return this.eth_call(functions.totalOwed, {})
    }

    treasury() {
        return this.eth_call(functions.treasury, {})
    }

    validators() {
        return this.eth_call(functions.validators, {})
    }

    wopen() {
        return this.eth_call(functions.wopen, {})
    }
}

/// Event types
export type ComputeMarketSetEventArgs = EParams<typeof events.ComputeMarketSet>
export type ContributionRewardedEventArgs = EParams<typeof events.ContributionRewarded>
export type InferenceCancelledEventArgs = EParams<typeof events.InferenceCancelled>
export type InferenceFulfilledEventArgs = EParams<typeof events.InferenceFulfilled>
export type InferenceRequestedEventArgs = EParams<typeof events.InferenceRequested>
export type InferenceSettledEventArgs = EParams<typeof events.InferenceSettled>
export type InitializedEventArgs = EParams<typeof events.Initialized>
export type OwedWithdrawnEventArgs = EParams<typeof events.OwedWithdrawn>
export type PaymentDeferredEventArgs = EParams<typeof events.PaymentDeferred>
export type UpgradedEventArgs = EParams<typeof events.Upgraded>
export type UpstreamRoyaltyPaidEventArgs = EParams<typeof events.UpstreamRoyaltyPaid>

/// Function types
export type BPSParams = FunctionArguments<typeof functions.BPS>
export type BPSReturn = FunctionReturn<typeof functions.BPS>

export type FULFIL_TIMEOUTParams = FunctionArguments<typeof functions.FULFIL_TIMEOUT>
export type FULFIL_TIMEOUTReturn = FunctionReturn<typeof functions.FULFIL_TIMEOUT>

export type PAYOUT_GASParams = FunctionArguments<typeof functions.PAYOUT_GAS>
export type PAYOUT_GASReturn = FunctionReturn<typeof functions.PAYOUT_GAS>

export type PPMParams = FunctionArguments<typeof functions.PPM>
export type PPMReturn = FunctionReturn<typeof functions.PPM>

export type UPGRADE_INTERFACE_VERSIONParams = FunctionArguments<typeof functions.UPGRADE_INTERFACE_VERSION>
export type UPGRADE_INTERFACE_VERSIONReturn = FunctionReturn<typeof functions.UPGRADE_INTERFACE_VERSION>

export type CancelParams = FunctionArguments<typeof functions.cancel>
export type CancelReturn = FunctionReturn<typeof functions.cancel>

export type ComputeMarketParams = FunctionArguments<typeof functions.computeMarket>
export type ComputeMarketReturn = FunctionReturn<typeof functions.computeMarket>

export type DatanetsParams = FunctionArguments<typeof functions.datanets>
export type DatanetsReturn = FunctionReturn<typeof functions.datanets>

export type FulfilParams = FunctionArguments<typeof functions.fulfil>
export type FulfilReturn = FunctionReturn<typeof functions.fulfil>

export type InferenceCountParams = FunctionArguments<typeof functions.inferenceCount>
export type InferenceCountReturn = FunctionReturn<typeof functions.inferenceCount>

export type InferenceOfParams = FunctionArguments<typeof functions.inferenceOf>
export type InferenceOfReturn = FunctionReturn<typeof functions.inferenceOf>

export type InitializeParams = FunctionArguments<typeof functions.initialize>
export type InitializeReturn = FunctionReturn<typeof functions.initialize>

export type ModelsParams = FunctionArguments<typeof functions.models>
export type ModelsReturn = FunctionReturn<typeof functions.models>

export type OwedParams = FunctionArguments<typeof functions.owed>
export type OwedReturn = FunctionReturn<typeof functions.owed>

export type PolicyParams = FunctionArguments<typeof functions.policy>
export type PolicyReturn = FunctionReturn<typeof functions.policy>

export type ProxiableUUIDParams = FunctionArguments<typeof functions.proxiableUUID>
export type ProxiableUUIDReturn = FunctionReturn<typeof functions.proxiableUUID>

export type RequestParams = FunctionArguments<typeof functions.request>
export type RequestReturn = FunctionReturn<typeof functions.request>

export type SetComputeMarketParams = FunctionArguments<typeof functions.setComputeMarket>
export type SetComputeMarketReturn = FunctionReturn<typeof functions.setComputeMarket>

export type SettleParams = FunctionArguments<typeof functions.settle>
export type SettleReturn = FunctionReturn<typeof functions.settle>

export type SettleWithLineageParams = FunctionArguments<typeof functions.settleWithLineage>
export type SettleWithLineageReturn = FunctionReturn<typeof functions.settleWithLineage>

export type StakingRewardsBankParams = FunctionArguments<typeof functions.stakingRewardsBank>
export type StakingRewardsBankReturn = FunctionReturn<typeof functions.stakingRewardsBank>

export type TotalOwedParams = FunctionArguments<typeof functions.totalOwed>
export type TotalOwedReturn = FunctionReturn<typeof functions.totalOwed>

export type TreasuryParams = FunctionArguments<typeof functions.treasury>
export type TreasuryReturn = FunctionReturn<typeof functions.treasury>

export type UpgradeToAndCallParams = FunctionArguments<typeof functions.upgradeToAndCall>
export type UpgradeToAndCallReturn = FunctionReturn<typeof functions.upgradeToAndCall>

export type ValidatorsParams = FunctionArguments<typeof functions.validators>
export type ValidatorsReturn = FunctionReturn<typeof functions.validators>

export type WithdrawOwedParams = FunctionArguments<typeof functions.withdrawOwed>
export type WithdrawOwedReturn = FunctionReturn<typeof functions.withdrawOwed>

export type WithdrawOwedToParams = FunctionArguments<typeof functions.withdrawOwedTo>
export type WithdrawOwedToReturn = FunctionReturn<typeof functions.withdrawOwedTo>

export type WopenParams = FunctionArguments<typeof functions.wopen>
export type WopenReturn = FunctionReturn<typeof functions.wopen>

