import * as p from '@subsquid/evm-codec'
import { event, fun, viewFun, indexed, ContractBase } from '@subsquid/evm-abi'
import type { EventParams as EParams, FunctionArguments, FunctionReturn } from '@subsquid/evm-abi'

export const events = {
    Approval: event("0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925", "Approval(address,address,uint256)", {"owner": indexed(p.address), "spender": indexed(p.address), "value": p.uint256}),
    DividendClaimed: event("0xf672323216d71b2d59f826d5cc49657006c38667b59ae06ec262b9f71bed64fb", "DividendClaimed(address,address,uint256)", {"holder": indexed(p.address), "to": indexed(p.address), "amount": p.uint256}),
    OperatorChanged: event("0xd58299b712891143e76310d5e664c4203c940a67db37cf856bdaa3c5c76a802c", "OperatorChanged(address,address)", {"previousOperator": indexed(p.address), "newOperator": indexed(p.address)}),
    RevenueReceived: event("0x5e32da036722824668dcb7102e4c5bca6c9e27c6471a05559320c5621bdb6548", "RevenueReceived(address,uint256,uint256)", {"from": indexed(p.address), "amount": p.uint256, "magnifiedDividendPerShare": p.uint256}),
    Transfer: event("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", "Transfer(address,address,uint256)", {"from": indexed(p.address), "to": indexed(p.address), "value": p.uint256}),
}

export const functions = {
    MAGNITUDE: viewFun("0x6d3036a7", "MAGNITUDE()", {}, p.uint256),
    SUPPLY: viewFun("0xc50497ae", "SUPPLY()", {}, p.uint256),
    accumulativeMagnifiedOf: viewFun("0x84d4d292", "accumulativeMagnifiedOf(address)", {"holder": p.address}, p.uint256),
    allowance: viewFun("0xdd62ed3e", "allowance(address,address)", {"owner": p.address, "spender": p.address}, p.uint256),
    approve: fun("0x095ea7b3", "approve(address,uint256)", {"spender": p.address, "value": p.uint256}, p.bool),
    balanceOf: viewFun("0x70a08231", "balanceOf(address)", {"account": p.address}, p.uint256),
    claim: fun("0x4e71d92d", "claim()", {}, p.uint256),
    claimTo: fun("0xa262f5f8", "claimTo(address)", {"to": p.address}, p.uint256),
    decimals: viewFun("0x313ce567", "decimals()", {}, p.uint8),
    factory: viewFun("0xc45a0155", "factory()", {}, p.address),
    fulfil: fun("0x04e81bc3", "fulfil(uint256,bytes32)", {"inferenceId": p.uint256, "outputHash": p.bytes32}, ),
    magnifiedCorrectionOf: viewFun("0x8a0bf02f", "magnifiedCorrectionOf(address)", {"holder": p.address}, p.int256),
    magnifiedDividendPerShare: viewFun("0x3a7960e0", "magnifiedDividendPerShare()", {}, p.uint256),
    magnifiedRemainder: viewFun("0x58e1f44e", "magnifiedRemainder()", {}, p.uint256),
    modelId: viewFun("0x43cdaad2", "modelId()", {}, p.uint256),
    name: viewFun("0x06fdde03", "name()", {}, p.string),
    operator: viewFun("0x570ca735", "operator()", {}, p.address),
    publishVersion: fun("0x54261489", "publishVersion(bytes32,string,uint256[],uint32[])", {"artifactHash": p.bytes32, "attributionMethod": p.string, "datanetIds": p.array(p.uint256), "datanetVersions": p.array(p.uint32)}, p.uint32),
    pullOwed: fun("0x506034d7", "pullOwed()", {}, ),
    setOperator: fun("0xb3ab15fb", "setOperator(address)", {"newOperator": p.address}, ),
    setPrice: fun("0x91b7f5ed", "setPrice(uint256)", {"pricePerInference": p.uint256}, ),
    symbol: viewFun("0x95d89b41", "symbol()", {}, p.string),
    totalClaimed: viewFun("0xd54ad2a1", "totalClaimed()", {}, p.uint256),
    totalReceived: viewFun("0xa3c2c462", "totalReceived()", {}, p.uint256),
    totalSupply: viewFun("0x18160ddd", "totalSupply()", {}, p.uint256),
    transfer: fun("0xa9059cbb", "transfer(address,uint256)", {"to": p.address, "value": p.uint256}, p.bool),
    transferFrom: fun("0x23b872dd", "transferFrom(address,address,uint256)", {"from": p.address, "to": p.address, "value": p.uint256}, p.bool),
    withdrawableDividendOf: viewFun("0xa8b9d240", "withdrawableDividendOf(address)", {"holder": p.address}, p.uint256),
    withdrawnDividendOf: viewFun("0xaafd847a", "withdrawnDividendOf(address)", {"holder": p.address}, p.uint256),
}

export class Contract extends ContractBase {

    MAGNITUDE() {
        return this.eth_call(functions.MAGNITUDE, {})
    }

    SUPPLY() {
        return this.eth_call(functions.SUPPLY, {})
    }

    accumulativeMagnifiedOf(holder: AccumulativeMagnifiedOfParams["holder"]) {
        return this.eth_call(functions.accumulativeMagnifiedOf, {holder})
    }

    allowance(owner: AllowanceParams["owner"], spender: AllowanceParams["spender"]) {
        return this.eth_call(functions.allowance, {owner, spender})
    }

    balanceOf(account: BalanceOfParams["account"]) {
        return this.eth_call(functions.balanceOf, {account})
    }

    decimals() {
        return this.eth_call(functions.decimals, {})
    }

    factory() {
        return this.eth_call(functions.factory, {})
    }

    magnifiedCorrectionOf(holder: MagnifiedCorrectionOfParams["holder"]) {
        return this.eth_call(functions.magnifiedCorrectionOf, {holder})
    }

    magnifiedDividendPerShare() {
        return this.eth_call(functions.magnifiedDividendPerShare, {})
    }

    magnifiedRemainder() {
        return this.eth_call(functions.magnifiedRemainder, {})
    }

    modelId() {
        return this.eth_call(functions.modelId, {})
    }

    name() {
        return this.eth_call(functions.name, {})
    }

    operator() {
        return this.eth_call(functions.operator, {})
    }

    symbol() {
        return this.eth_call(functions.symbol, {})
    }

    totalClaimed() {
        return this.eth_call(functions.totalClaimed, {})
    }

    totalReceived() {
        return this.eth_call(functions.totalReceived, {})
    }

    totalSupply() {
        return this.eth_call(functions.totalSupply, {})
    }

    withdrawableDividendOf(holder: WithdrawableDividendOfParams["holder"]) {
        return this.eth_call(functions.withdrawableDividendOf, {holder})
    }

    withdrawnDividendOf(holder: WithdrawnDividendOfParams["holder"]) {
        return this.eth_call(functions.withdrawnDividendOf, {holder})
    }
}

/// Event types
export type ApprovalEventArgs = EParams<typeof events.Approval>
export type DividendClaimedEventArgs = EParams<typeof events.DividendClaimed>
export type OperatorChangedEventArgs = EParams<typeof events.OperatorChanged>
export type RevenueReceivedEventArgs = EParams<typeof events.RevenueReceived>
export type TransferEventArgs = EParams<typeof events.Transfer>

/// Function types
export type MAGNITUDEParams = FunctionArguments<typeof functions.MAGNITUDE>
export type MAGNITUDEReturn = FunctionReturn<typeof functions.MAGNITUDE>

export type SUPPLYParams = FunctionArguments<typeof functions.SUPPLY>
export type SUPPLYReturn = FunctionReturn<typeof functions.SUPPLY>

export type AccumulativeMagnifiedOfParams = FunctionArguments<typeof functions.accumulativeMagnifiedOf>
export type AccumulativeMagnifiedOfReturn = FunctionReturn<typeof functions.accumulativeMagnifiedOf>

export type AllowanceParams = FunctionArguments<typeof functions.allowance>
export type AllowanceReturn = FunctionReturn<typeof functions.allowance>

export type ApproveParams = FunctionArguments<typeof functions.approve>
export type ApproveReturn = FunctionReturn<typeof functions.approve>

export type BalanceOfParams = FunctionArguments<typeof functions.balanceOf>
export type BalanceOfReturn = FunctionReturn<typeof functions.balanceOf>

export type ClaimParams = FunctionArguments<typeof functions.claim>
export type ClaimReturn = FunctionReturn<typeof functions.claim>

export type ClaimToParams = FunctionArguments<typeof functions.claimTo>
export type ClaimToReturn = FunctionReturn<typeof functions.claimTo>

export type DecimalsParams = FunctionArguments<typeof functions.decimals>
export type DecimalsReturn = FunctionReturn<typeof functions.decimals>

export type FactoryParams = FunctionArguments<typeof functions.factory>
export type FactoryReturn = FunctionReturn<typeof functions.factory>

export type FulfilParams = FunctionArguments<typeof functions.fulfil>
export type FulfilReturn = FunctionReturn<typeof functions.fulfil>

export type MagnifiedCorrectionOfParams = FunctionArguments<typeof functions.magnifiedCorrectionOf>
export type MagnifiedCorrectionOfReturn = FunctionReturn<typeof functions.magnifiedCorrectionOf>

export type MagnifiedDividendPerShareParams = FunctionArguments<typeof functions.magnifiedDividendPerShare>
export type MagnifiedDividendPerShareReturn = FunctionReturn<typeof functions.magnifiedDividendPerShare>

export type MagnifiedRemainderParams = FunctionArguments<typeof functions.magnifiedRemainder>
export type MagnifiedRemainderReturn = FunctionReturn<typeof functions.magnifiedRemainder>

export type ModelIdParams = FunctionArguments<typeof functions.modelId>
export type ModelIdReturn = FunctionReturn<typeof functions.modelId>

export type NameParams = FunctionArguments<typeof functions.name>
export type NameReturn = FunctionReturn<typeof functions.name>

export type OperatorParams = FunctionArguments<typeof functions.operator>
export type OperatorReturn = FunctionReturn<typeof functions.operator>

export type PublishVersionParams = FunctionArguments<typeof functions.publishVersion>
export type PublishVersionReturn = FunctionReturn<typeof functions.publishVersion>

export type PullOwedParams = FunctionArguments<typeof functions.pullOwed>
export type PullOwedReturn = FunctionReturn<typeof functions.pullOwed>

export type SetOperatorParams = FunctionArguments<typeof functions.setOperator>
export type SetOperatorReturn = FunctionReturn<typeof functions.setOperator>

export type SetPriceParams = FunctionArguments<typeof functions.setPrice>
export type SetPriceReturn = FunctionReturn<typeof functions.setPrice>

export type SymbolParams = FunctionArguments<typeof functions.symbol>
export type SymbolReturn = FunctionReturn<typeof functions.symbol>

export type TotalClaimedParams = FunctionArguments<typeof functions.totalClaimed>
export type TotalClaimedReturn = FunctionReturn<typeof functions.totalClaimed>

export type TotalReceivedParams = FunctionArguments<typeof functions.totalReceived>
export type TotalReceivedReturn = FunctionReturn<typeof functions.totalReceived>

export type TotalSupplyParams = FunctionArguments<typeof functions.totalSupply>
export type TotalSupplyReturn = FunctionReturn<typeof functions.totalSupply>

export type TransferParams = FunctionArguments<typeof functions.transfer>
export type TransferReturn = FunctionReturn<typeof functions.transfer>

export type TransferFromParams = FunctionArguments<typeof functions.transferFrom>
export type TransferFromReturn = FunctionReturn<typeof functions.transferFrom>

export type WithdrawableDividendOfParams = FunctionArguments<typeof functions.withdrawableDividendOf>
export type WithdrawableDividendOfReturn = FunctionReturn<typeof functions.withdrawableDividendOf>

export type WithdrawnDividendOfParams = FunctionArguments<typeof functions.withdrawnDividendOf>
export type WithdrawnDividendOfReturn = FunctionReturn<typeof functions.withdrawnDividendOf>

