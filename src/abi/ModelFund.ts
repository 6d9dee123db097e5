import * as p from '@subsquid/evm-codec'
import { event, fun, viewFun, indexed, ContractBase } from '@subsquid/evm-abi'
import type { EventParams as EParams, FunctionArguments, FunctionReturn } from '@subsquid/evm-abi'

export const events = {
    FundsReceived: event("0x8e47b87b0ef542cdfa1659c551d88bad38aa7f452d2bbb349ab7530dfec8be8f", "FundsReceived(address,uint256)", {"from": indexed(p.address), "amount": p.uint256}),
    ModelFunded: event("0x892195fb9aca356fba7e423ad6d4e049a007e6f9436a4e51a2bedb87d2246485", "ModelFunded(uint256,address,uint256,string)", {"modelId": indexed(p.uint256), "recipient": indexed(p.address), "amount": p.uint256, "memo": p.string}),
    OwnershipTransferred: event("0x8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0", "OwnershipTransferred(address,address)", {"previousOwner": indexed(p.address), "newOwner": indexed(p.address)}),
}

export const functions = {
    fundModel: fun("0xe8a66056", "fundModel(uint256,uint256,string)", {"modelId": p.uint256, "amount": p.uint256, "memo": p.string}, ),
    models: viewFun("0x9986df2c", "models()", {}, p.address),
    owner: viewFun("0x8da5cb5b", "owner()", {}, p.address),
    renounceOwnership: fun("0x715018a6", "renounceOwnership()", {}, ),
    transferOwnership: fun("0xf2fde38b", "transferOwnership(address)", {"newOwner": p.address}, ),
}

export class Contract extends ContractBase {

    models() {
        return this.eth_call(functions.models, {})
    }

    owner() {
        return this.eth_call(functions.owner, {})
    }
}

/// Event types
export type FundsReceivedEventArgs = EParams<typeof events.FundsReceived>
export type ModelFundedEventArgs = EParams<typeof events.ModelFunded>
export type OwnershipTransferredEventArgs = EParams<typeof events.OwnershipTransferred>

/// Function types
export type FundModelParams = FunctionArguments<typeof functions.fundModel>
export type FundModelReturn = FunctionReturn<typeof functions.fundModel>

export type ModelsParams = FunctionArguments<typeof functions.models>
export type ModelsReturn = FunctionReturn<typeof functions.models>

export type OwnerParams = FunctionArguments<typeof functions.owner>
export type OwnerReturn = FunctionReturn<typeof functions.owner>

export type RenounceOwnershipParams = FunctionArguments<typeof functions.renounceOwnership>
export type RenounceOwnershipReturn = FunctionReturn<typeof functions.renounceOwnership>

export type TransferOwnershipParams = FunctionArguments<typeof functions.transferOwnership>
export type TransferOwnershipReturn = FunctionReturn<typeof functions.transferOwnership>

