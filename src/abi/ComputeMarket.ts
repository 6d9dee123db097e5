import * as p from '@subsquid/evm-codec'
import { event, fun, viewFun, indexed, ContractBase } from '@subsquid/evm-abi'
import type { EventParams as EParams, FunctionArguments, FunctionReturn } from '@subsquid/evm-abi'

export const events = {
    ComputeFulfilled: event("0x0aa200be05113bfa79e7f1e6e4588affca87e9c4662cc0af387d2a3387e9b119", "ComputeFulfilled(uint256,uint256,address,uint256,bytes32,uint256,uint256)", {"requestId": indexed(p.uint256), "inferenceId": indexed(p.uint256), "provider": indexed(p.address), "modelId": p.uint256, "outputHash": p.bytes32, "topUp": p.uint256, "refund": p.uint256}),
    ComputeMissed: event("0x94c2d37cb05d2a76d2cb939fe3a2d4376a6e11ebc4ad4bda3abb6f865536d6b5", "ComputeMissed(uint256,address,address,uint256,uint256,uint256)", {"requestId": indexed(p.uint256), "provider": indexed(p.address), "payer": indexed(p.address), "modelId": p.uint256, "refund": p.uint256, "slashed": p.uint256}),
    ComputeParametersUpdated: event("0xe16b7b5ab5301e0ccc288dc7ed2538e2bd550f4f666f99160b4778e3d432e0f2", "ComputeParametersUpdated(uint256,uint64,uint256)", {"minBond": p.uint256, "deadlineBlocks": p.uint64, "slashAmount": p.uint256}),
    ComputeRequested: event("0xf5dfc11f55cdcd60e3b19cc5849b1ca59b428179ccd495a69a9e8b32d5dcf639", "ComputeRequested(uint256,uint256,address,address,bytes32,uint256,uint64,uint256)", {"requestId": indexed(p.uint256), "modelId": indexed(p.uint256), "provider": indexed(p.address), "payer": p.address, "inputHash": p.bytes32, "fee": p.uint256, "deadlineBlock": p.uint64, "slashAmount": p.uint256}),
    OwedWithdrawn: event("0xa6cd4410234ac9de9d1307f26fd9ec5124f511a9135d59c0904879dd8ae28e10", "OwedWithdrawn(address,address,uint256)", {"recipient": indexed(p.address), "to": indexed(p.address), "amount": p.uint256}),
    OwnershipTransferred: event("0x8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0", "OwnershipTransferred(address,address)", {"previousOwner": indexed(p.address), "newOwner": indexed(p.address)}),
    PaymentDeferred: event("0x8af6e30690e4b192e05dc42baa9776cefda6c432838616c7f4f036bbab44917e", "PaymentDeferred(address,uint256)", {"recipient": indexed(p.address), "amount": p.uint256}),
    ProviderBonded: event("0x7151d8eb27121d2fcfcba79834caa0a01e44d2784224a3c2035db5bd6415dbe9", "ProviderBonded(address,uint256,uint256,uint256)", {"provider": indexed(p.address), "modelId": indexed(p.uint256), "amount": p.uint256, "bonded": p.uint256}),
    ProviderCapacitySet: event("0xf2575fc63cd5a965a2157b53d53f79b96c6a952531919bfd83413760fcb20c55", "ProviderCapacitySet(address,uint256,uint64)", {"provider": indexed(p.address), "modelId": indexed(p.uint256), "capacity": p.uint64}),
    ProviderUnbonding: event("0x35b9190b1b3809ce3668f509c2e624f699a104245b6bfe32ba8146c844c62d27", "ProviderUnbonding(address,uint256,uint256,uint64)", {"provider": indexed(p.address), "modelId": indexed(p.uint256), "amount": p.uint256, "availableAtBlock": p.uint64}),
    ProviderWithdrawn: event("0xa0268bac52afcba057630f7fd848d054d4a9610a645f6fb08124fe903d1a9d66", "ProviderWithdrawn(address,uint256,uint256)", {"provider": indexed(p.address), "modelId": indexed(p.uint256), "amount": p.uint256}),
}

export const functions = {
    PAYOUT_GAS: viewFun("0x9a44da83", "PAYOUT_GAS()", {}, p.uint256),
    bond: fun("0x9940686e", "bond(uint256)", {"modelId": p.uint256}, ),
    claimMissed: fun("0x6bbee9c1", "claimMissed(uint256)", {"requestId": p.uint256}, ),
    deadlineBlocks: viewFun("0xa8908b02", "deadlineBlocks()", {}, p.uint64),
    fulfil: fun("0x04e81bc3", "fulfil(uint256,bytes32)", {"requestId": p.uint256, "outputHash": p.bytes32}, p.uint256),
    isActive: viewFun("0xd266e83b", "isActive(address,uint256)", {"provider": p.address, "modelId": p.uint256}, p.bool),
    minBond: viewFun("0x831518b7", "minBond()", {}, p.uint256),
    models: viewFun("0x9986df2c", "models()", {}, p.address),
    owed: viewFun("0xdf18e047", "owed(address)", {"recipient": p.address}, p.uint256),
    owner: viewFun("0x8da5cb5b", "owner()", {}, p.address),
    positionOf: viewFun("0xa3fd0d99", "positionOf(address,uint256)", {"provider": p.address, "modelId": p.uint256}, p.struct({"bonded": p.uint256, "unbonding": p.uint256, "unbondingAvailableAt": p.uint64, "openRequests": p.uint64, "capacity": p.uint64})),
    renounceOwnership: fun("0x715018a6", "renounceOwnership()", {}, ),
    request: fun("0xa2eee099", "request(uint256,bytes32,address)", {"modelId": p.uint256, "inputHash": p.bytes32, "provider": p.address}, p.uint256),
    requestCount: viewFun("0x5badbe4c", "requestCount()", {}, p.uint256),
    requestOf: viewFun("0x324e03be", "requestOf(uint256)", {"requestId": p.uint256}, p.struct({"modelId": p.uint256, "payer": p.address, "deadlineBlock": p.uint64, "status": p.uint8, "provider": p.address, "fee": p.uint256, "slashAmount": p.uint256, "inputHash": p.bytes32})),
    requestUnbond: fun("0x90a1809d", "requestUnbond(uint256,uint256)", {"modelId": p.uint256, "amount": p.uint256}, ),
    router: viewFun("0xf887ea40", "router()", {}, p.address),
    setCapacity: fun("0xc4b757f7", "setCapacity(uint256,uint64)", {"modelId": p.uint256, "capacity": p.uint64}, ),
    setParameters: fun("0xa7855ad7", "setParameters(uint256,uint64,uint256)", {"minBond_": p.uint256, "deadlineBlocks_": p.uint64, "slashAmount_": p.uint256}, ),
    slashAmount: viewFun("0x8802834e", "slashAmount()", {}, p.uint256),
    totalEscrowed: viewFun("0xf9168231", "totalEscrowed()", {}, p.uint256),
    totalOwed: viewFun("0xe7fa9f7d", "totalOwed()", {}, p.uint256),
    totalStaked: viewFun("0x817b1cd2", "totalStaked()", {}, p.uint256),
    transferOwnership: fun("0xf2fde38b", "transferOwnership(address)", {"newOwner": p.address}, ),
    treasury: viewFun("0x61d027b3", "treasury()", {}, p.address),
    unbondingDelayBlocks: viewFun("0x7581d02d", "unbondingDelayBlocks()", {}, p.uint64),
    withdraw: fun("0x2e1a7d4d", "withdraw(uint256)", {"modelId": p.uint256}, ),
    withdrawOwed: fun("0x39a72c5c", "withdrawOwed()", {}, ),
    withdrawOwedTo: fun("0xe49e0422", "withdrawOwedTo(address)", {"to": p.address}, ),
}

export class Contract extends ContractBase {

    PAYOUT_GAS() {
        return this.eth_call(functions.PAYOUT_GAS, {})
    }

    deadlineBlocks() {
        return this.eth_call(functions.deadlineBlocks, {})
    }

    isActive(provider: IsActiveParams["provider"], modelId: IsActiveParams["modelId"]) {
        return this.eth_call(functions.isActive, {provider, modelId})
    }

    minBond() {
        return this.eth_call(functions.minBond, {})
    }

    models() {
        return this.eth_call(functions.models, {})
    }

    owed(recipient: OwedParams["recipient"]) {
        return this.eth_call(functions.owed, {recipient})
    }

    owner() {
        return this.eth_call(functions.owner, {})
    }

    positionOf(provider: PositionOfParams["provider"], modelId: PositionOfParams["modelId"]) {
        return this.eth_call(functions.positionOf, {provider, modelId})
    }

    requestCount() {
        return this.eth_call(functions.requestCount, {})
    }

    requestOf(requestId: RequestOfParams["requestId"]) {
        return this.eth_call(functions.requestOf, {requestId})
    }

    router() {
        return this.eth_call(functions.router, {})
    }

    slashAmount() {
        return this.eth_call(functions.slashAmount, {})
    }

    totalEscrowed() {
        return this.eth_call(functions.totalEscrowed, {})
    }

    totalOwed() {
        return this.eth_call(functions.totalOwed, {})
    }

    totalStaked() {
        return this.eth_call(functions.totalStaked, {})
    }

    treasury() {
        return this.eth_call(functions.treasury, {})
    }

    unbondingDelayBlocks() {
        return this.eth_call(functions.unbondingDelayBlocks, {})
    }
}

/// Event types
export type ComputeFulfilledEventArgs = EParams<typeof events.ComputeFulfilled>
export type ComputeMissedEventArgs = EParams<typeof events.ComputeMissed>
export type ComputeParametersUpdatedEventArgs = EParams<typeof events.ComputeParametersUpdated>
export type ComputeRequestedEventArgs = EParams<typeof events.ComputeRequested>
export type OwedWithdrawnEventArgs = EParams<typeof events.OwedWithdrawn>
export type OwnershipTransferredEventArgs = EParams<typeof events.OwnershipTransferred>
export type PaymentDeferredEventArgs = EParams<typeof events.PaymentDeferred>
export type ProviderBondedEventArgs = EParams<typeof events.ProviderBonded>
export type ProviderCapacitySetEventArgs = EParams<typeof events.ProviderCapacitySet>
export type ProviderUnbondingEventArgs = EParams<typeof events.ProviderUnbonding>
export type ProviderWithdrawnEventArgs = EParams<typeof events.ProviderWithdrawn>

/// Function types
export type PAYOUT_GASParams = FunctionArguments<typeof functions.PAYOUT_GAS>
export type PAYOUT_GASReturn = FunctionReturn<typeof functions.PAYOUT_GAS>

export type BondParams = FunctionArguments<typeof functions.bond>
export type BondReturn = FunctionReturn<typeof functions.bond>

export type ClaimMissedParams = FunctionArguments<typeof functions.claimMissed>
export type ClaimMissedReturn = FunctionReturn<typeof functions.claimMissed>

export type DeadlineBlocksParams = FunctionArguments<typeof functions.deadlineBlocks>
export type DeadlineBlocksReturn = FunctionReturn<typeof functions.deadlineBlocks>

export type FulfilParams = FunctionArguments<typeof functions.fulfil>
export type FulfilReturn = FunctionReturn<typeof functions.fulfil>

export type IsActiveParams = FunctionArguments<typeof functions.isActive>
export type IsActiveReturn = FunctionReturn<typeof functions.isActive>

export type MinBondParams = FunctionArguments<typeof functions.minBond>
export type MinBondReturn = FunctionReturn<typeof functions.minBond>

export type ModelsParams = FunctionArguments<typeof functions.models>
export type ModelsReturn = FunctionReturn<typeof functions.models>

export type OwedParams = FunctionArguments<typeof functions.owed>
export type OwedReturn = FunctionReturn<typeof functions.owed>

export type OwnerParams = FunctionArguments<typeof functions.owner>
export type OwnerReturn = FunctionReturn<typeof functions.owner>

export type PositionOfParams = FunctionArguments<typeof functions.positionOf>
export type PositionOfReturn = FunctionReturn<typeof functions.positionOf>

export type RenounceOwnershipParams = FunctionArguments<typeof functions.renounceOwnership>
export type RenounceOwnershipReturn = FunctionReturn<typeof functions.renounceOwnership>

export type RequestParams = FunctionArguments<typeof functions.request>
export type RequestReturn = FunctionReturn<typeof functions.request>

export type RequestCountParams = FunctionArguments<typeof functions.requestCount>
export type RequestCountReturn = FunctionReturn<typeof functions.requestCount>

export type RequestOfParams = FunctionArguments<typeof functions.requestOf>
export type RequestOfReturn = FunctionReturn<typeof functions.requestOf>

export type RequestUnbondParams = FunctionArguments<typeof functions.requestUnbond>
export type RequestUnbondReturn = FunctionReturn<typeof functions.requestUnbond>

export type RouterParams = FunctionArguments<typeof functions.router>
export type RouterReturn = FunctionReturn<typeof functions.router>

export type SetCapacityParams = FunctionArguments<typeof functions.setCapacity>
export type SetCapacityReturn = FunctionReturn<typeof functions.setCapacity>

export type SetParametersParams = FunctionArguments<typeof functions.setParameters>
export type SetParametersReturn = FunctionReturn<typeof functions.setParameters>

export type SlashAmountParams = FunctionArguments<typeof functions.slashAmount>
export type SlashAmountReturn = FunctionReturn<typeof functions.slashAmount>

export type TotalEscrowedParams = FunctionArguments<typeof functions.totalEscrowed>
export type TotalEscrowedReturn = FunctionReturn<typeof functions.totalEscrowed>

export type TotalOwedParams = FunctionArguments<typeof functions.totalOwed>
export type TotalOwedReturn = FunctionReturn<typeof functions.totalOwed>

export type TotalStakedParams = FunctionArguments<typeof functions.totalStaked>
export type TotalStakedReturn = FunctionReturn<typeof functions.totalStaked>

export type TransferOwnershipParams = FunctionArguments<typeof functions.transferOwnership>
export type TransferOwnershipReturn = FunctionReturn<typeof functions.transferOwnership>

export type TreasuryParams = FunctionArguments<typeof functions.treasury>
export type TreasuryReturn = FunctionReturn<typeof functions.treasury>

export type UnbondingDelayBlocksParams = FunctionArguments<typeof functions.unbondingDelayBlocks>
export type UnbondingDelayBlocksReturn = FunctionReturn<typeof functions.unbondingDelayBlocks>

export type WithdrawParams = FunctionArguments<typeof functions.withdraw>
export type WithdrawReturn = FunctionReturn<typeof functions.withdraw>

export type WithdrawOwedParams = FunctionArguments<typeof functions.withdrawOwed>
export type WithdrawOwedReturn = FunctionReturn<typeof functions.withdrawOwed>

export type WithdrawOwedToParams = FunctionArguments<typeof functions.withdrawOwedTo>
export type WithdrawOwedToReturn = FunctionReturn<typeof functions.withdrawOwedTo>

