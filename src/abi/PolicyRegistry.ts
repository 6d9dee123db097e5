import * as p from '@subsquid/evm-codec'
import { event, fun, viewFun, indexed, ContractBase } from '@subsquid/evm-abi'
import type { EventParams as EParams, FunctionArguments, FunctionReturn } from '@subsquid/evm-abi'

export const events = {
    AttributionPolicyUpdated: event("0xfacc0a7c689ae6356feeed70d6a7b1169fce5b074244cc5fc56e17dc90445ae0", "AttributionPolicyUpdated(string,uint16,uint32,uint32)", {"method": p.string, "topK": p.uint16, "minWeightPpm": p.uint32, "auditTolerancePpm": p.uint32}),
    FeePolicyUpdated: event("0x01de25a1e577ffb9704b9fa521a7c05d3d05fdc6414334ecf4be35ced6bb1de6", "FeePolicyUpdated(uint16,uint16,uint16,uint16)", {"protocolBps": p.uint16, "modelOwnerBps": p.uint16, "stakersBps": p.uint16, "contributorsBps": p.uint16}),
    Initialized: event("0xc7f505b2f371ae2175ee4913f4499e1f2633a7b5936321eed1cdaeb6115181d2", "Initialized(uint64)", {"version": p.uint64}),
    OwnershipTransferred: event("0x8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0", "OwnershipTransferred(address,address)", {"previousOwner": indexed(p.address), "newOwner": indexed(p.address)}),
    Upgraded: event("0xbc7cd75a20ee27fd9adebab32041f755214dbc6bffa90cc0225b39da2e5c2d3b", "Upgraded(address)", {"implementation": indexed(p.address)}),
    UpstreamSharePolicyUpdated: event("0xeb13dc654b29d24842e5bbc20a5b121bf68def49dd7f7e2653f19b3ca4389df1", "UpstreamSharePolicyUpdated(uint16)", {"upstreamShareBps": p.uint16}),
}

export const functions = {
    BPS: viewFun("0x249d39e9", "BPS()", {}, p.uint16),
    MAX_TOP_K: viewFun("0x41d03230", "MAX_TOP_K()", {}, p.uint16),
    PPM: viewFun("0x0d720bbc", "PPM()", {}, p.uint32),
    UPGRADE_INTERFACE_VERSION: viewFun("0xad3cb1cc", "UPGRADE_INTERFACE_VERSION()", {}, p.string),
    attributionPolicy: viewFun("0xf1c020ca", "attributionPolicy()", {}, p.struct({"method": p.string, "topK": p.uint16, "minWeightPpm": p.uint32, "auditTolerancePpm": p.uint32})),
    feePolicy: viewFun("0x82589038", "feePolicy()", {}, {"protocolBps": p.uint16, "modelOwnerBps": p.uint16, "stakersBps": p.uint16, "contributorsBps": p.uint16}),
    initialize: fun("0xc4d66de8", "initialize(address)", {"owner_": p.address}, ),
    owner: viewFun("0x8da5cb5b", "owner()", {}, p.address),
    proxiableUUID: viewFun("0x52d1902d", "proxiableUUID()", {}, p.bytes32),
    renounceOwnership: fun("0x715018a6", "renounceOwnership()", {}, ),
    setAttributionPolicy: fun("0x6ce39b46", "setAttributionPolicy(string,uint16,uint32,uint32)", {"method": p.string, "topK": p.uint16, "minWeightPpm": p.uint32, "auditTolerancePpm": p.uint32}, ),
    setFeePolicy: fun("0xac1e05df", "setFeePolicy(uint16,uint16,uint16,uint16)", {"protocolBps": p.uint16, "modelOwnerBps": p.uint16, "stakersBps": p.uint16, "contributorsBps": p.uint16}, ),
    setUpstreamShare: fun("0x555b8f02", "setUpstreamShare(uint16)", {"upstreamShareBps_": p.uint16}, ),
    settlementLimits: viewFun("0xc82ff2bb", "settlementLimits()", {}, {"topK": p.uint16, "minWeightPpm": p.uint32}),
    transferOwnership: fun("0xf2fde38b", "transferOwnership(address)", {"newOwner": p.address}, ),
    upgradeToAndCall: fun("0x4f1ef286", "upgradeToAndCall(address,bytes)", {"newImplementation": p.address, "data": p.bytes}, ),
    upstreamShareBps: viewFun("0xb617bacb", "upstreamShareBps()", {}, p.uint16),
}

export class Contract extends ContractBase {

    BPS() {
        return this.eth_call(functions.BPS, {})
    }

    MAX_TOP_K() {
        return this.eth_call(functions.MAX_TOP_K, {})
    }

    PPM() {
        return this.eth_call(functions.PPM, {})
    }

    UPGRADE_INTERFACE_VERSION() {
        return this.eth_call(functions.UPGRADE_INTERFACE_VERSION, {})
    }

    attributionPolicy() {
        return this.eth_call(functions.attributionPolicy, {})
    }

    feePolicy() {
        return this.eth_call(functions.feePolicy, {})
    }

    owner() {
        return this.eth_call(functions.owner, {})
    }

    proxiableUUID() {
        return this.eth_call(functions.proxiableUUID, {})
    }

    settlementLimits() {
        return this.eth_call(functions.settlementLimits, {})
    }

    upstreamShareBps() {
        return this.eth_call(functions.upstreamShareBps, {})
    }
}

/// Event types
export type AttributionPolicyUpdatedEventArgs = EParams<typeof events.AttributionPolicyUpdated>
export type FeePolicyUpdatedEventArgs = EParams<typeof events.FeePolicyUpdated>
export type InitializedEventArgs = EParams<typeof events.Initialized>
export type OwnershipTransferredEventArgs = EParams<typeof events.OwnershipTransferred>
export type UpgradedEventArgs = EParams<typeof events.Upgraded>
export type UpstreamSharePolicyUpdatedEventArgs = EParams<typeof events.UpstreamSharePolicyUpdated>

/// Function types
export type BPSParams = FunctionArguments<typeof functions.BPS>
export type BPSReturn = FunctionReturn<typeof functions.BPS>

export type MAX_TOP_KParams = FunctionArguments<typeof functions.MAX_TOP_K>
export type MAX_TOP_KReturn = FunctionReturn<typeof functions.MAX_TOP_K>

export type PPMParams = FunctionArguments<typeof functions.PPM>
export type PPMReturn = FunctionReturn<typeof functions.PPM>

export type UPGRADE_INTERFACE_VERSIONParams = FunctionArguments<typeof functions.UPGRADE_INTERFACE_VERSION>
export type UPGRADE_INTERFACE_VERSIONReturn = FunctionReturn<typeof functions.UPGRADE_INTERFACE_VERSION>

export type AttributionPolicyParams = FunctionArguments<typeof functions.attributionPolicy>
export type AttributionPolicyReturn = FunctionReturn<typeof functions.attributionPolicy>

export type FeePolicyParams = FunctionArguments<typeof functions.feePolicy>
export type FeePolicyReturn = FunctionReturn<typeof functions.feePolicy>

export type InitializeParams = FunctionArguments<typeof functions.initialize>
export type InitializeReturn = FunctionReturn<typeof functions.initialize>

export type OwnerParams = FunctionArguments<typeof functions.owner>
export type OwnerReturn = FunctionReturn<typeof functions.owner>

export type ProxiableUUIDParams = FunctionArguments<typeof functions.proxiableUUID>
export type ProxiableUUIDReturn = FunctionReturn<typeof functions.proxiableUUID>

export type RenounceOwnershipParams = FunctionArguments<typeof functions.renounceOwnership>
export type RenounceOwnershipReturn = FunctionReturn<typeof functions.renounceOwnership>

export type SetAttributionPolicyParams = FunctionArguments<typeof functions.setAttributionPolicy>
export type SetAttributionPolicyReturn = FunctionReturn<typeof functions.setAttributionPolicy>

export type SetFeePolicyParams = FunctionArguments<typeof functions.setFeePolicy>
export type SetFeePolicyReturn = FunctionReturn<typeof functions.setFeePolicy>

export type SetUpstreamShareParams = FunctionArguments<typeof functions.setUpstreamShare>
export type SetUpstreamShareReturn = FunctionReturn<typeof functions.setUpstreamShare>

export type SettlementLimitsParams = FunctionArguments<typeof functions.settlementLimits>
export type SettlementLimitsReturn = FunctionReturn<typeof functions.settlementLimits>

export type TransferOwnershipParams = FunctionArguments<typeof functions.transferOwnership>
export type TransferOwnershipReturn = FunctionReturn<typeof functions.transferOwnership>

export type UpgradeToAndCallParams = FunctionArguments<typeof functions.upgradeToAndCall>
export type UpgradeToAndCallReturn = FunctionReturn<typeof functions.upgradeToAndCall>

export type UpstreamShareBpsParams = FunctionArguments<typeof functions.upstreamShareBps>
export type UpstreamShareBpsReturn = FunctionReturn<typeof functions.upstreamShareBps>

