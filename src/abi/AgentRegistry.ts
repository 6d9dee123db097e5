import * as p from '@subsquid/evm-codec'
import { event, fun, viewFun, indexed, ContractBase } from '@subsquid/evm-abi'
import type { EventParams as EParams, FunctionArguments, FunctionReturn } from '@subsquid/evm-abi'

export const events = {
    ActionReclaimed: event("0xc5e73c9e00b9c51e322ecc091cffdb153fad9274b45bd352ec4e64598d16aa71", "ActionReclaimed(uint256,uint256,address,uint256)", {"actionId": indexed(p.uint256), "inferenceId": indexed(p.uint256), "payer": indexed(p.address), "refund": p.uint256}),
    AgentActionExecuted: event("0x7d6fe03a3789136d400801af2c5521edc69b3b6bedee022eb68755caf77a4d00", "AgentActionExecuted(uint256,uint256,uint256,address,uint256,uint256)", {"agentId": indexed(p.uint256), "actionId": indexed(p.uint256), "inferenceId": indexed(p.uint256), "caller": p.address, "paid": p.uint256, "modelFee": p.uint256}),
    AgentDeployed: event("0x127c453ea0625223842100e0bf28360ede828e8eb38ff5b1a8b7881d1953ddef", "AgentDeployed(uint256,address,uint256,uint32,address,uint256,string)", {"agentId": indexed(p.uint256), "owner": indexed(p.address), "modelId": indexed(p.uint256), "modelVersion": p.uint32, "operator": p.address, "pricePerAction": p.uint256, "metadataURI": p.string}),
    AgentMetadataSet: event("0xeb4006654c41d961528617b7ba45e29db485503b687c92de47bbc674d2c5a3ed", "AgentMetadataSet(uint256,string)", {"agentId": indexed(p.uint256), "metadataURI": p.string}),
    AgentOperatorSet: event("0x9fbcae5e3353e4a2c76426fc5a7d74e94b1b762a7ea92c43f6d3f0ab3806316f", "AgentOperatorSet(uint256,address)", {"agentId": indexed(p.uint256), "operator": indexed(p.address)}),
    AgentPausedSet: event("0xc099185f09188a6ada7f7bb00437603fb480eb2965b7a4bc8fd5e0789020ea82", "AgentPausedSet(uint256,bool)", {"agentId": indexed(p.uint256), "paused": p.bool}),
    AgentPriceSet: event("0xd8861e3302703dae1884786eb29ee798ececc91be01476894d8a816dcdd00f21", "AgentPriceSet(uint256,uint256)", {"agentId": indexed(p.uint256), "pricePerAction": p.uint256}),
    AgentRebound: event("0x633ef39393475e3123945ad8ea262a00894c9c765d0ec0388433c05639b29463", "AgentRebound(uint256,uint32)", {"agentId": indexed(p.uint256), "modelVersion": p.uint32}),
    Approval: event("0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925", "Approval(address,address,uint256)", {"owner": indexed(p.address), "approved": indexed(p.address), "tokenId": indexed(p.uint256)}),
    ApprovalForAll: event("0x17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31", "ApprovalForAll(address,address,bool)", {"owner": indexed(p.address), "operator": indexed(p.address), "approved": p.bool}),
    OwedWithdrawn: event("0xa6cd4410234ac9de9d1307f26fd9ec5124f511a9135d59c0904879dd8ae28e10", "OwedWithdrawn(address,address,uint256)", {"recipient": indexed(p.address), "to": indexed(p.address), "amount": p.uint256}),
    PaymentDeferred: event("0x8af6e30690e4b192e05dc42baa9776cefda6c432838616c7f4f036bbab44917e", "PaymentDeferred(address,uint256)", {"recipient": indexed(p.address), "amount": p.uint256}),
    Transfer: event("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", "Transfer(address,address,uint256)", {"from": indexed(p.address), "to": indexed(p.address), "tokenId": indexed(p.uint256)}),
}

export const functions = {
    PAYOUT_GAS: viewFun("0x9a44da83", "PAYOUT_GAS()", {}, p.uint256),
    act: fun("0x1a03bfb7", "act(uint256,bytes32)", {"agentId": p.uint256, "inputHash": p.bytes32}, p.uint256),
    actionCount: viewFun("0x29da5738", "actionCount()", {}, p.uint256),
    actionOf: viewFun("0x9cb8c0b2", "actionOf(uint256)", {"actionId": p.uint256}, p.struct({"agentId": p.uint256, "inferenceId": p.uint256, "payer": p.address, "modelFee": p.uint256, "reclaimed": p.bool})),
    agentCount: viewFun("0xb7dc1284", "agentCount()", {}, p.uint256),
    agentOf: viewFun("0x6cb75a1e", "agentOf(uint256)", {"agentId": p.uint256}, p.struct({"modelId": p.uint256, "pricePerAction": p.uint256, "operator": p.address, "modelVersion": p.uint32, "paused": p.bool, "actionCount": p.uint64, "metadataURI": p.string})),
    approve: fun("0x095ea7b3", "approve(address,uint256)", {"to": p.address, "tokenId": p.uint256}, ),
    balanceOf: viewFun("0x70a08231", "balanceOf(address)", {"owner": p.address}, p.uint256),
    deployAgent: fun("0x0ac49558", "deployAgent(uint256,uint32,address,uint256,string)", {"modelId": p.uint256, "modelVersion": p.uint32, "operator": p.address, "pricePerAction": p.uint256, "metadataURI": p.string}, p.uint256),
    getApproved: viewFun("0x081812fc", "getApproved(uint256)", {"tokenId": p.uint256}, p.address),
    isApprovedForAll: viewFun("0xe985e9c5", "isApprovedForAll(address,address)", {"owner": p.address, "operator": p.address}, p.bool),
    models: viewFun("0x9986df2c", "models()", {}, p.address),
    name: viewFun("0x06fdde03", "name()", {}, p.string),
    owed: viewFun("0xdf18e047", "owed(address)", {"recipient": p.address}, p.uint256),
    ownerOf: viewFun("0x6352211e", "ownerOf(uint256)", {"tokenId": p.uint256}, p.address),
    rebind: fun("0x57be9d6e", "rebind(uint256)", {"agentId": p.uint256}, ),
    reclaim: fun("0x2dabbeed", "reclaim(uint256)", {"actionId": p.uint256}, p.uint256),
    router: viewFun("0xf887ea40", "router()", {}, p.address),
    'safeTransferFrom(address,address,uint256)': fun("0x42842e0e", "safeTransferFrom(address,address,uint256)", {"from": p.address, "to": p.address, "tokenId": p.uint256}, ),
    'safeTransferFrom(address,address,uint256,bytes)': fun("0xb88d4fde", "safeTransferFrom(address,address,uint256,bytes)", {"from": p.address, "to": p.address, "tokenId": p.uint256, "data": p.bytes}, ),
    setApprovalForAll: fun("0xa22cb465", "setApprovalForAll(address,bool)", {"operator": p.address, "approved": p.bool}, ),
    setMetadataURI: fun("0x087dce94", "setMetadataURI(uint256,string)", {"agentId": p.uint256, "metadataURI": p.string}, ),
    setOperator: fun("0xe7a1c1c0", "setOperator(uint256,address)", {"agentId": p.uint256, "operator": p.address}, ),
    setPaused: fun("0xdaff97b5", "setPaused(uint256,bool)", {"agentId": p.uint256, "paused": p.bool}, ),
    setPrice: fun("0xf7d97577", "setPrice(uint256,uint256)", {"agentId": p.uint256, "pricePerAction": p.uint256}, ),
    supportsInterface: viewFun("0x01ffc9a7", "supportsInterface(bytes4)", {"interfaceId": p.bytes4}, p.bool),
    symbol: viewFun("0x95d89b41", "symbol()", {}, p.string),
    tokenURI: viewFun("0xc87b56dd", "tokenURI(uint256)", {"agentId": p.uint256}, p.string),
    totalOwed: viewFun("0xe7fa9f7d", "totalOwed()", {}, p.uint256),
    transferFrom: fun("0x23b872dd", "transferFrom(address,address,uint256)", {"from": p.address, "to": p.address, "tokenId": p.uint256}, ),
    withdrawOwed: fun("0x39a72c5c", "withdrawOwed()", {}, ),
    withdrawOwedTo: fun("0xe49e0422", "withdrawOwedTo(address)", {"to": p.address}, ),
}

export class Contract extends ContractBase {

    PAYOUT_GAS() {
        return this.eth_call(functions.PAYOUT_GAS, {})
    }

    actionCount() {
        return this.eth_call(functions.actionCount, {})
    }

    actionOf(actionId: ActionOfParams["actionId"]) {
        return this.eth_call(functions.actionOf, {actionId})
    }

    agentCount() {
        return this.eth_call(functions.agentCount, {})
    }

    agentOf(agentId: AgentOfParams["agentId"]) {
        return this.eth_call(functions.agentOf, {agentId})
    }

    balanceOf(owner: BalanceOfParams["owner"]) {
        return this.eth_call(functions.balanceOf, {owner})
    }

    getApproved(tokenId: GetApprovedParams["tokenId"]) {
        return this.eth_call(functions.getApproved, {tokenId})
    }

    isApprovedForAll(owner: IsApprovedForAllParams["owner"], operator: IsApprovedForAllParams["operator"]) {
        return this.eth_call(functions.isApprovedForAll, {owner, operator})
    }

    models() {
        return this.eth_call(functions.models, {})
    }

    name() {
        return this.eth_call(functions.name, {})
    }

    owed(recipient: OwedParams["recipient"]) {
        return this.eth_call(functions.owed, {recipient})
    }

    ownerOf(tokenId: OwnerOfParams["tokenId"]) {
        return this.eth_call(functions.ownerOf, {tokenId})
    }

    router() {
        return this.eth_call(functions.router, {})
    }

    supportsInterface(interfaceId: SupportsInterfaceParams["interfaceId"]) {
        return this.eth_call(functions.supportsInterface, {interfaceId})
    }

    symbol() {
        return this.eth_call(functions.symbol, {})
    }

    tokenURI(agentId: TokenURIParams["agentId"]) {
        return this.eth_call(functions.tokenURI, {agentId})
    }

    totalOwed() {
        return this.eth_call(functions.totalOwed, {})
    }
}

/// Event types
export type ActionReclaimedEventArgs = EParams<typeof events.ActionReclaimed>
export type AgentActionExecutedEventArgs = EParams<typeof events.AgentActionExecuted>
export type AgentDeployedEventArgs = EParams<typeof events.AgentDeployed>
export type AgentMetadataSetEventArgs = EParams<typeof events.AgentMetadataSet>
export type AgentOperatorSetEventArgs = EParams<typeof events.AgentOperatorSet>
export type AgentPausedSetEventArgs = EParams<typeof events.AgentPausedSet>
export type AgentPriceSetEventArgs = EParams<typeof events.AgentPriceSet>
export type AgentReboundEventArgs = EParams<typeof events.AgentRebound>
export type ApprovalEventArgs = EParams<typeof events.Approval>
export type ApprovalForAllEventArgs = EParams<typeof events.ApprovalForAll>
export type OwedWithdrawnEventArgs = EParams<typeof events.OwedWithdrawn>
export type PaymentDeferredEventArgs = EParams<typeof events.PaymentDeferred>
export type TransferEventArgs = EParams<typeof events.Transfer>

/// Function types
export type PAYOUT_GASParams = FunctionArguments<typeof functions.PAYOUT_GAS>
export type PAYOUT_GASReturn = FunctionReturn<typeof functions.PAYOUT_GAS>

export type ActParams = FunctionArguments<typeof functions.act>
export type ActReturn = FunctionReturn<typeof functions.act>

export type ActionCountParams = FunctionArguments<typeof functions.actionCount>
export type ActionCountReturn = FunctionReturn<typeof functions.actionCount>

export type ActionOfParams = FunctionArguments<typeof functions.actionOf>
export type ActionOfReturn = FunctionReturn<typeof functions.actionOf>

export type AgentCountParams = FunctionArguments<typeof functions.agentCount>
export type AgentCountReturn = FunctionReturn<typeof functions.agentCount>

export type AgentOfParams = FunctionArguments<typeof functions.agentOf>
export type AgentOfReturn = FunctionReturn<typeof functions.agentOf>

export type ApproveParams = FunctionArguments<typeof functions.approve>
export type ApproveReturn = FunctionReturn<typeof functions.approve>

export type BalanceOfParams = FunctionArguments<typeof functions.balanceOf>
export type BalanceOfReturn = FunctionReturn<typeof functions.balanceOf>

export type DeployAgentParams = FunctionArguments<typeof functions.deployAgent>
export type DeployAgentReturn = FunctionReturn<typeof functions.deployAgent>

export type GetApprovedParams = FunctionArguments<typeof functions.getApproved>
export type GetApprovedReturn = FunctionReturn<typeof functions.getApproved>

export type IsApprovedForAllParams = FunctionArguments<typeof functions.isApprovedForAll>
export type IsApprovedForAllReturn = FunctionReturn<typeof functions.isApprovedForAll>

export type ModelsParams = FunctionArguments<typeof functions.models>
export type ModelsReturn = FunctionReturn<typeof functions.models>

export type NameParams = FunctionArguments<typeof functions.name>
export type NameReturn = FunctionReturn<typeof functions.name>

export type OwedParams = FunctionArguments<typeof functions.owed>
export type OwedReturn = FunctionReturn<typeof functions.owed>

export type OwnerOfParams = FunctionArguments<typeof functions.ownerOf>
export type OwnerOfReturn = FunctionReturn<typeof functions.ownerOf>

export type RebindParams = FunctionArguments<typeof functions.rebind>
export type RebindReturn = FunctionReturn<typeof functions.rebind>

export type ReclaimParams = FunctionArguments<typeof functions.reclaim>
export type ReclaimReturn = FunctionReturn<typeof functions.reclaim>

export type RouterParams = FunctionArguments<typeof functions.router>
export type RouterReturn = FunctionReturn<typeof functions.router>

export type SafeTransferFromParams_0 = FunctionArguments<typeof functions['safeTransferFrom(address,address,uint256)']>
export type SafeTransferFromReturn_0 = FunctionReturn<typeof functions['safeTransferFrom(address,address,uint256)']>

export type SafeTransferFromParams_1 = FunctionArguments<typeof functions['safeTransferFrom(address,address,uint256,bytes)']>
export type SafeTransferFromReturn_1 = FunctionReturn<typeof functions['safeTransferFrom(address,address,uint256,bytes)']>

export type SetApprovalForAllParams = FunctionArguments<typeof functions.setApprovalForAll>
export type SetApprovalForAllReturn = FunctionReturn<typeof functions.setApprovalForAll>

export type SetMetadataURIParams = FunctionArguments<typeof functions.setMetadataURI>
export type SetMetadataURIReturn = FunctionReturn<typeof functions.setMetadataURI>

export type SetOperatorParams = FunctionArguments<typeof functions.setOperator>
export type SetOperatorReturn = FunctionReturn<typeof functions.setOperator>

export type SetPausedParams = FunctionArguments<typeof functions.setPaused>
export type SetPausedReturn = FunctionReturn<typeof functions.setPaused>

export type SetPriceParams = FunctionArguments<typeof functions.setPrice>
export type SetPriceReturn = FunctionReturn<typeof functions.setPrice>

export type SupportsInterfaceParams = FunctionArguments<typeof functions.supportsInterface>
export type SupportsInterfaceReturn = FunctionReturn<typeof functions.supportsInterface>

export type SymbolParams = FunctionArguments<typeof functions.symbol>
export type SymbolReturn = FunctionReturn<typeof functions.symbol>

export type TokenURIParams = FunctionArguments<typeof functions.tokenURI>
export type TokenURIReturn = FunctionReturn<typeof functions.tokenURI>

export type TotalOwedParams = FunctionArguments<typeof functions.totalOwed>
export type TotalOwedReturn = FunctionReturn<typeof functions.totalOwed>

export type TransferFromParams = FunctionArguments<typeof functions.transferFrom>
export type TransferFromReturn = FunctionReturn<typeof functions.transferFrom>

export type WithdrawOwedParams = FunctionArguments<typeof functions.withdrawOwed>
export type WithdrawOwedReturn = FunctionReturn<typeof functions.withdrawOwed>

export type WithdrawOwedToParams = FunctionArguments<typeof functions.withdrawOwedTo>
export type WithdrawOwedToReturn = FunctionReturn<typeof functions.withdrawOwedTo>

