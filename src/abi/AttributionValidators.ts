import * as p from '@subsquid/evm-codec'
import { event, fun, viewFun, indexed, ContractBase } from '@subsquid/evm-abi'
import type { EventParams as EParams, FunctionArguments, FunctionReturn } from '@subsquid/evm-abi'

export const events = {
    MinBondUpdated: event("0xbc501db9b822d1ea101cf77c85c0cb60f19f7bc67f95e272a27ac59b32e7db57", "MinBondUpdated(uint256,uint256)", {"oldMinBond": p.uint256, "newMinBond": p.uint256}),
    OwnershipTransferred: event("0x8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0", "OwnershipTransferred(address,address)", {"previousOwner": indexed(p.address), "newOwner": indexed(p.address)}),
    ValidatorBonded: event("0x676ebaf049b3c836788ef99553b4d0393f438ee5ca67c35307674b9af2771e9e", "ValidatorBonded(address,uint256,uint256)", {"validator": indexed(p.address), "amount": p.uint256, "totalBonded": p.uint256}),
    ValidatorSlashed: event("0xeec00cf1ef0359fa274d066f89d1333c24c2dac754fc8ec1f66adcca84211d0e", "ValidatorSlashed(address,uint256,bytes32)", {"validator": indexed(p.address), "amount": p.uint256, "evidenceHash": p.bytes32}),
    ValidatorUnbonding: event("0x382f1bace9d6606acf83e03fedf6d6d574cc49b328263924523c1383c59fbf85", "ValidatorUnbonding(address,uint256,uint64)", {"validator": indexed(p.address), "amount": p.uint256, "availableAt": p.uint64}),
    ValidatorWithdrawn: event("0xa011545e03027296d3a8442724d6dc906b26fc29dfb764502d44c9db2762c0de", "ValidatorWithdrawn(address,uint256)", {"validator": indexed(p.address), "amount": p.uint256}),
}

export const functions = {
    EXECUTION_MARGIN_SECONDS: viewFun("0x50cddf32", "EXECUTION_MARGIN_SECONDS()", {}, p.uint64),
    auditWindowSeconds: viewFun("0x9f858194", "auditWindowSeconds()", {}, p.uint64),
    bond: fun("0x64c9ec6f", "bond()", {}, ),
    governanceLatencySeconds: viewFun("0x2e82d4cf", "governanceLatencySeconds()", {}, p.uint256),
    governor: viewFun("0x0c340a24", "governor()", {}, p.address),
    isActive: viewFun("0x9f8a13d7", "isActive(address)", {"validator": p.address}, p.bool),
    minBond: viewFun("0x831518b7", "minBond()", {}, p.uint256),
    owner: viewFun("0x8da5cb5b", "owner()", {}, p.address),
    renounceOwnership: viewFun("0x715018a6", "renounceOwnership()", {}, ),
    requestUnbond: fun("0x54f63b14", "requestUnbond(uint256)", {"amount": p.uint256}, ),
    setMinBond: fun("0x6eaae824", "setMinBond(uint256)", {"newMinBond": p.uint256}, ),
    slash: fun("0xfba2c05a", "slash(address,uint256,bytes32)", {"validator": p.address, "amount": p.uint256, "evidenceHash": p.bytes32}, ),
    totalBonded: viewFun("0x44d96e95", "totalBonded()", {}, p.uint256),
    transferOwnership: viewFun("0xf2fde38b", "transferOwnership(address)", {"_0": p.address}, ),
    treasury: viewFun("0x61d027b3", "treasury()", {}, p.address),
    unbondingDelaySeconds: viewFun("0xa54da04b", "unbondingDelaySeconds()", {}, p.uint256),
    validators: viewFun("0xfa52c7d8", "validators(address)", {"validator": p.address}, {"bonded": p.uint256, "unbonding": p.uint256, "availableAt": p.uint64, "requestedAt": p.uint64}),
    withdraw: fun("0x3ccfd60b", "withdraw()", {}, ),
}

export class Contract extends ContractBase {

    EXECUTION_MARGIN_SECONDS() {
        return this.eth_call(functions.EXECUTION_MARGIN_SECONDS, {})
    }

    auditWindowSeconds() {
        return this.eth_call(functions.auditWindowSeconds, {})
    }

    governanceLatencySeconds() {
        return this.eth_call(functions.governanceLatencySeconds, {})
    }

    governor() {
        return this.eth_call(functions.governor, {})
    }

    isActive(validator: IsActiveParams["validator"]) {
        return this.eth_call(functions.isActive, {validator})
    }

    minBond() {
        return this.eth_call(functions.minBond, {})
    }

    owner() {
        return this.eth_call(functions.owner, {})
    }

    totalBonded() {
        return this.eth_call(functions.totalBonded, {})
    }

    treasury() {
        return this.eth_call(functions.treasury, {})
    }

    unbondingDelaySeconds() {
        return this.eth_call(functions.unbondingDelaySeconds, {})
    }

    validators(validator: ValidatorsParams["validator"]) {
        return this.eth_call(functions.validators, {validator})
    }
}

/// Event types
export type MinBondUpdatedEventArgs = EParams<typeof events.MinBondUpdated>
export type OwnershipTransferredEventArgs = EParams<typeof events.OwnershipTransferred>
export type ValidatorBondedEventArgs = EParams<typeof events.ValidatorBonded>
export type ValidatorSlashedEventArgs = EParams<typeof events.ValidatorSlashed>
export type ValidatorUnbondingEventArgs = EParams<typeof events.ValidatorUnbonding>
export type ValidatorWithdrawnEventArgs = EParams<typeof events.ValidatorWithdrawn>

/// Function types
export type EXECUTION_MARGIN_SECONDSParams = FunctionArguments<typeof functions.EXECUTION_MARGIN_SECONDS>
export type EXECUTION_MARGIN_SECONDSReturn = FunctionReturn<typeof functions.EXECUTION_MARGIN_SECONDS>

export type AuditWindowSecondsParams = FunctionArguments<typeof functions.auditWindowSeconds>
export type AuditWindowSecondsReturn = FunctionReturn<typeof functions.auditWindowSeconds>

export type BondParams = FunctionArguments<typeof functions.bond>
export type BondReturn = FunctionReturn<typeof functions.bond>

export type GovernanceLatencySecondsParams = FunctionArguments<typeof functions.governanceLatencySeconds>
export type GovernanceLatencySecondsReturn = FunctionReturn<typeof functions.governanceLatencySeconds>

export type GovernorParams = FunctionArguments<typeof functions.governor>
export type GovernorReturn = FunctionReturn<typeof functions.governor>

export type IsActiveParams = FunctionArguments<typeof functions.isActive>
export type IsActiveReturn = FunctionReturn<typeof functions.isActive>

export type MinBondParams = FunctionArguments<typeof functions.minBond>
export type MinBondReturn = FunctionReturn<typeof functions.minBond>

export type OwnerParams = FunctionArguments<typeof functions.owner>
export type OwnerReturn = FunctionReturn<typeof functions.owner>

export type RenounceOwnershipParams = FunctionArguments<typeof functions.renounceOwnership>
export type RenounceOwnershipReturn = FunctionReturn<typeof functions.renounceOwnership>

export type RequestUnbondParams = FunctionArguments<typeof functions.requestUnbond>
export type RequestUnbondReturn = FunctionReturn<typeof functions.requestUnbond>

export type SetMinBondParams = FunctionArguments<typeof functions.setMinBond>
export type SetMinBondReturn = FunctionReturn<typeof functions.setMinBond>

export type SlashParams = FunctionArguments<typeof functions.slash>
export type SlashReturn = FunctionReturn<typeof functions.slash>

export type TotalBondedParams = FunctionArguments<typeof functions.totalBonded>
export type TotalBondedReturn = FunctionReturn<typeof functions.totalBonded>

export type TransferOwnershipParams = FunctionArguments<typeof functions.transferOwnership>
export type TransferOwnershipReturn = FunctionReturn<typeof functions.transferOwnership>

export type TreasuryParams = FunctionArguments<typeof functions.treasury>
export type TreasuryReturn = FunctionReturn<typeof functions.treasury>

export type UnbondingDelaySecondsParams = FunctionArguments<typeof functions.unbondingDelaySeconds>
export type UnbondingDelaySecondsReturn = FunctionReturn<typeof functions.unbondingDelaySeconds>

export type ValidatorsParams = FunctionArguments<typeof functions.validators>
export type ValidatorsReturn = FunctionReturn<typeof functions.validators>

export type WithdrawParams = FunctionArguments<typeof functions.withdraw>
export type WithdrawReturn = FunctionReturn<typeof functions.withdraw>

