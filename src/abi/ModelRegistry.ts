import * as p from '@subsquid/evm-codec'
import { event, fun, viewFun, indexed, ContractBase } from '@subsquid/evm-abi'
import type { EventParams as EParams, FunctionArguments, FunctionReturn } from '@subsquid/evm-abi'

export const events = {
    Approval: event("0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925", "Approval(address,address,uint256)", {"owner": indexed(p.address), "approved": indexed(p.address), "tokenId": indexed(p.uint256)}),
    ApprovalForAll: event("0x17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31", "ApprovalForAll(address,address,bool)", {"owner": indexed(p.address), "operator": indexed(p.address), "approved": p.bool}),
    Initialized: event("0xc7f505b2f371ae2175ee4913f4499e1f2633a7b5936321eed1cdaeb6115181d2", "Initialized(uint64)", {"version": p.uint64}),
    ModelPriceSet: event("0xa4a68047c34d3e4a7651dc23d110d5beb5e3dcf0b4d43949cdba2a6660fc9dee", "ModelPriceSet(uint256,uint256)", {"modelId": indexed(p.uint256), "pricePerInference": p.uint256}),
    ModelRegistered: event("0xd942d684be94c8a3e39416fe95cb641ed85794834191c1ea248951c91898159d", "ModelRegistered(uint256,address,string,string)", {"modelId": indexed(p.uint256), "owner": indexed(p.address), "name": p.string, "metadataURI": p.string}),
    ModelVersionFineTuned: event("0x3e5277ca8c6709acc15e00957fed87d8092fbcc96a6e0e9e77286f2ecf0b94d3", "ModelVersionFineTuned(uint256,uint32,uint256,uint32,uint8)", {"modelId": indexed(p.uint256), "version": indexed(p.uint32), "baseModelId": indexed(p.uint256), "baseVersion": p.uint32, "depth": p.uint8}),
    ModelVersionPublished: event("0xa438d97eeb2a1c35d06580c6238c7609a0753ede0d694ae5e4888d922d14e88a", "ModelVersionPublished(uint256,uint32,bytes32,string,uint256[],uint32[])", {"modelId": indexed(p.uint256), "version": indexed(p.uint32), "artifactHash": p.bytes32, "attributionMethod": p.string, "datanetIds": p.array(p.uint256), "datanetVersions": p.array(p.uint32)}),
    OwnershipTransferred: event("0x8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0", "OwnershipTransferred(address,address)", {"previousOwner": indexed(p.address), "newOwner": indexed(p.address)}),
    Transfer: event("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", "Transfer(address,address,uint256)", {"from": indexed(p.address), "to": indexed(p.address), "tokenId": indexed(p.uint256)}),
    Upgraded: event("0xbc7cd75a20ee27fd9adebab32041f755214dbc6bffa90cc0225b39da2e5c2d3b", "Upgraded(address)", {"implementation": indexed(p.address)}),
}

export const functions = {
    MAX_DATANETS: viewFun("0xef9c7388", "MAX_DATANETS()", {}, p.uint256),
    MAX_LINEAGE_DEPTH: viewFun("0x2e543f9f", "MAX_LINEAGE_DEPTH()", {}, p.uint8),
    UPGRADE_INTERFACE_VERSION: viewFun("0xad3cb1cc", "UPGRADE_INTERFACE_VERSION()", {}, p.string),
    approve: fun("0x095ea7b3", "approve(address,uint256)", {"to": p.address, "tokenId": p.uint256}, ),
    balanceOf: viewFun("0x70a08231", "balanceOf(address)", {"owner": p.address}, p.uint256),
    datanets: viewFun("0xea7fd377", "datanets()", {}, p.address),
    exists: viewFun("0x4f558e79", "exists(uint256)", {"modelId": p.uint256}, p.bool),
    getApproved: viewFun("0x081812fc", "getApproved(uint256)", {"tokenId": p.uint256}, p.address),
    initialize: fun("0x485cc955", "initialize(address,address)", {"owner_": p.address, "datanets_": p.address}, ),
    isApprovedForAll: viewFun("0xe985e9c5", "isApprovedForAll(address,address)", {"owner": p.address, "operator": p.address}, p.bool),
    lineageOf: viewFun("0x8bb610e2", "lineageOf(uint256,uint32)", {"modelId": p.uint256, "version": p.uint32}, {"baseModelId": p.uint256, "baseVersion": p.uint32, "depth": p.uint8}),
    modelCount: viewFun("0xc6a645fe", "modelCount()", {}, p.uint256),
    modelInfo: viewFun("0xda1db9b5", "modelInfo(uint256)", {"modelId": p.uint256}, {"pricePerInference": p.uint256, "currentVersion": p.uint32}),
    modelVersion: viewFun("0xdbd79f1e", "modelVersion(uint256,uint32)", {"modelId": p.uint256, "version": p.uint32}, {"artifactHash": p.bytes32, "attributionMethod": p.string, "datanetIds": p.array(p.uint256), "datanetVersions": p.array(p.uint32)}),
    name: viewFun("0x06fdde03", "name()", {}, p.string),
    owner: viewFun("0x8da5cb5b", "owner()", {}, p.address),
    ownerOf: viewFun("0x6352211e", "ownerOf(uint256)", {"tokenId": p.uint256}, p.address),
    proxiableUUID: viewFun("0x52d1902d", "proxiableUUID()", {}, p.bytes32),
    publishFineTune: fun("0x10cfae64", "publishFineTune(uint256,(uint256,uint32,bytes32,string,uint256[],uint32[]))", {"modelId": p.uint256, "ft": p.struct({"baseModelId": p.uint256, "baseVersion": p.uint32, "artifactHash": p.bytes32, "attributionMethod": p.string, "datanetIds": p.array(p.uint256), "datanetVersions": p.array(p.uint32)})}, p.uint32),
    publishVersion: fun("0x39673886", "publishVersion(uint256,bytes32,string,uint256[],uint32[])", {"modelId": p.uint256, "artifactHash": p.bytes32, "attributionMethod": p.string, "datanetIds": p.array(p.uint256), "datanetVersions": p.array(p.uint32)}, p.uint32),
    registerFineTunedModel: fun("0xe5a0c2f6", "registerFineTunedModel(string,string,uint256,(uint256,uint32,bytes32,string,uint256[],uint32[]))", {"name": p.string, "metadataURI": p.string, "pricePerInference": p.uint256, "ft": p.struct({"baseModelId": p.uint256, "baseVersion": p.uint32, "artifactHash": p.bytes32, "attributionMethod": p.string, "datanetIds": p.array(p.uint256), "datanetVersions": p.array(p.uint32)})}, p.uint256),
    registerModel: fun("0x7b4a9e49", "registerModel(string,string,uint256,bytes32,string,uint256[],uint32[])", {"name": p.string, "metadataURI": p.string, "pricePerInference": p.uint256, "artifactHash": p.bytes32, "attributionMethod": p.string, "datanetIds": p.array(p.uint256), "datanetVersions": p.array(p.uint32)}, p.uint256),
    renounceOwnership: fun("0x715018a6", "renounceOwnership()", {}, ),
    'safeTransferFrom(address,address,uint256)': fun("0x42842e0e", "safeTransferFrom(address,address,uint256)", {"from": p.address, "to": p.address, "tokenId": p.uint256}, ),
    'safeTransferFrom(address,address,uint256,bytes)': fun("0xb88d4fde", "safeTransferFrom(address,address,uint256,bytes)", {"from": p.address, "to": p.address, "tokenId": p.uint256, "data": p.bytes}, ),
    setApprovalForAll: fun("0xa22cb465", "setApprovalForAll(address,bool)", {"operator": p.address, "approved": p.bool}, ),
    setPrice: fun("0xf7d97577", "setPrice(uint256,uint256)", {"modelId": p.uint256, "pricePerInference": p.uint256}, ),
    supportsInterface: viewFun("0x01ffc9a7", "supportsInterface(bytes4)", {"interfaceId": p.bytes4}, p.bool),
    symbol: viewFun("0x95d89b41", "symbol()", {}, p.string),
    tokenURI: viewFun("0xc87b56dd", "tokenURI(uint256)", {"modelId": p.uint256}, p.string),
    trainedOn: viewFun("0x9a7c2726", "trainedOn(uint256,uint32,uint256)", {"modelId": p.uint256, "version": p.uint32, "datanetId": p.uint256}, p.uint32),
    transferFrom: fun("0x23b872dd", "transferFrom(address,address,uint256)", {"from": p.address, "to": p.address, "tokenId": p.uint256}, ),
    transferOwnership: fun("0xf2fde38b", "transferOwnership(address)", {"newOwner": p.address}, ),
    upgradeToAndCall: fun("0x4f1ef286", "upgradeToAndCall(address,bytes)", {"newImplementation": p.address, "data": p.bytes}, ),
}

export class Contract extends ContractBase {

    MAX_DATANETS() {
        return this.eth_call(functions.MAX_DATANETS, {})
    }

    MAX_LINEAGE_DEPTH() {
        return this.eth_call(functions.MAX_LINEAGE_DEPTH, {})
    }

    UPGRADE_INTERFACE_VERSION() {
        return this.eth_call(functions.UPGRADE_INTERFACE_VERSION, {})
    }

    balanceOf(owner: BalanceOfParams["owner"]) {
        return this.eth_call(functions.balanceOf, {owner})
    }

    datanets() {
        return this.eth_call(functions.datanets, {})
    }

    exists(modelId: ExistsParams["modelId"]) {
        return this.eth_call(functions.exists, {modelId})
    }

    getApproved(tokenId: GetApprovedParams["tokenId"]) {
        return this.eth_call(functions.getApproved, {tokenId})
    }

    isApprovedForAll(owner: IsApprovedForAllParams["owner"], operator: IsApprovedForAllParams["operator"]) {
        return this.eth_call(functions.isApprovedForAll, {owner, operator})
    }

    lineageOf(modelId: LineageOfParams["modelId"], version: LineageOfParams["version"]) {
        return this.eth_call(functions.lineageOf, {modelId, version})
    }

    modelCount() {
        return this.eth_call(functions.modelCount, {})
    }

    modelInfo(modelId: ModelInfoParams["modelId"]) {
        return this.eth_call(functions.modelInfo, {modelId})
    }

    modelVersion(modelId: ModelVersionParams["modelId"], version: ModelVersionParams["version"]) {
        return this.eth_call(functions.modelVersion, {modelId, version})
    }

    name() {
        return this.eth_call(functions.name, {})
    }

    owner() {
        return this.eth_call(functions.owner, {})
    }

    ownerOf(tokenId: OwnerOfParams["tokenId"]) {
        return this.eth_call(functions.ownerOf, {tokenId})
    }

    proxiableUUID() {
        return this.eth_call(functions.proxiableUUID, {})
    }

    supportsInterface(interfaceId: SupportsInterfaceParams["interfaceId"]) {
        return this.eth_call(functions.supportsInterface, {interfaceId})
    }

    symbol() {
        return this.eth_call(functions.symbol, {})
    }

    tokenURI(modelId: TokenURIParams["modelId"]) {
        return this.eth_call(functions.tokenURI, {modelId})
    }

    trainedOn(modelId: TrainedOnParams["modelId"], version: TrainedOnParams["version"], datanetId: TrainedOnParams["datanetId"]) {
        return this.eth_call(functions.trainedOn, {modelId, version, datanetId})
    }
}

/// Event types
export type ApprovalEventArgs = EParams<typeof events.Approval>
export type ApprovalForAllEventArgs = EParams<typeof events.ApprovalForAll>
export type InitializedEventArgs = EParams<typeof events.Initialized>
export type ModelPriceSetEventArgs = EParams<typeof events.ModelPriceSet>
export type ModelRegisteredEventArgs = EParams<typeof events.ModelRegistered>
export type ModelVersionFineTunedEventArgs = EParams<typeof events.ModelVersionFineTuned>
export type ModelVersionPublishedEventArgs = EParams<typeof events.ModelVersionPublished>
export type OwnershipTransferredEventArgs = EParams<typeof events.OwnershipTransferred>
export type TransferEventArgs = EParams<typeof events.Transfer>
export type UpgradedEventArgs = EParams<typeof events.Upgraded>

/// Function types
export type MAX_DATANETSParams = FunctionArguments<typeof functions.MAX_DATANETS>
export type MAX_DATANETSReturn = FunctionReturn<typeof functions.MAX_DATANETS>

export type MAX_LINEAGE_DEPTHParams = FunctionArguments<typeof functions.MAX_LINEAGE_DEPTH>
export type MAX_LINEAGE_DEPTHReturn = FunctionReturn<typeof functions.MAX_LINEAGE_DEPTH>

export type UPGRADE_INTERFACE_VERSIONParams = FunctionArguments<typeof functions.UPGRADE_INTERFACE_VERSION>
export type UPGRADE_INTERFACE_VERSIONReturn = FunctionReturn<typeof functions.UPGRADE_INTERFACE_VERSION>

export type ApproveParams = FunctionArguments<typeof functions.approve>
export type ApproveReturn = FunctionReturn<typeof functions.approve>

export type BalanceOfParams = FunctionArguments<typeof functions.balanceOf>
export type BalanceOfReturn = FunctionReturn<typeof functions.balanceOf>

export type DatanetsParams = FunctionArguments<typeof functions.datanets>
export type DatanetsReturn = FunctionReturn<typeof functions.datanets>

export type ExistsParams = FunctionArguments<typeof functions.exists>
export type ExistsReturn = FunctionReturn<typeof functions.exists>

export type GetApprovedParams = FunctionArguments<typeof functions.getApproved>
export type GetApprovedReturn = FunctionReturn<typeof functions.getApproved>

export type InitializeParams = FunctionArguments<typeof functions.initialize>
export type InitializeReturn = FunctionReturn<typeof functions.initialize>

export type IsApprovedForAllParams = FunctionArguments<typeof functions.isApprovedForAll>
export type IsApprovedForAllReturn = FunctionReturn<typeof functions.isApprovedForAll>

export type LineageOfParams = FunctionArguments<typeof functions.lineageOf>
export type LineageOfReturn = FunctionReturn<typeof functions.lineageOf>

export type ModelCountParams = FunctionArguments<typeof functions.modelCount>
export type ModelCountReturn = FunctionReturn<typeof functions.modelCount>

export type ModelInfoParams = FunctionArguments<typeof functions.modelInfo>
export type ModelInfoReturn = FunctionReturn<typeof functions.modelInfo>

export type ModelVersionParams = FunctionArguments<typeof functions.modelVersion>
export type ModelVersionReturn = FunctionReturn<typeof functions.modelVersion>

export type NameParams = FunctionArguments<typeof functions.name>
export type NameReturn = FunctionReturn<typeof functions.name>

export type OwnerParams = FunctionArguments<typeof functions.owner>
export type OwnerReturn = FunctionReturn<typeof functions.owner>

export type OwnerOfParams = FunctionArguments<typeof functions.ownerOf>
export type OwnerOfReturn = FunctionReturn<typeof functions.ownerOf>

export type ProxiableUUIDParams = FunctionArguments<typeof functions.proxiableUUID>
export type ProxiableUUIDReturn = FunctionReturn<typeof functions.proxiableUUID>

export type PublishFineTuneParams = FunctionArguments<typeof functions.publishFineTune>
export type PublishFineTuneReturn = FunctionReturn<typeof functions.publishFineTune>

export type PublishVersionParams = FunctionArguments<typeof functions.publishVersion>
export type PublishVersionReturn = FunctionReturn<typeof functions.publishVersion>

export type RegisterFineTunedModelParams = FunctionArguments<typeof functions.registerFineTunedModel>
export type RegisterFineTunedModelReturn = FunctionReturn<typeof functions.registerFineTunedModel>

export type RegisterModelParams = FunctionArguments<typeof functions.registerModel>
export type RegisterModelReturn = FunctionReturn<typeof functions.registerModel>

export type RenounceOwnershipParams = FunctionArguments<typeof functions.renounceOwnership>
export type RenounceOwnershipReturn = FunctionReturn<typeof functions.renounceOwnership>

export type SafeTransferFromParams_0 = FunctionArguments<typeof functions['safeTransferFrom(address,address,uint256)']>
export type SafeTransferFromReturn_0 = FunctionReturn<typeof functions['safeTransferFrom(address,address,uint256)']>

export type SafeTransferFromParams_1 = FunctionArguments<typeof functions['safeTransferFrom(address,address,uint256,bytes)']>
export type SafeTransferFromReturn_1 = FunctionReturn<typeof functions['safeTransferFrom(address,address,uint256,bytes)']>

export type SetApprovalForAllParams = FunctionArguments<typeof functions.setApprovalForAll>
export type SetApprovalForAllReturn = FunctionReturn<typeof functions.setApprovalForAll>

export type SetPriceParams = FunctionArguments<typeof functions.setPrice>
export type SetPriceReturn = FunctionReturn<typeof functions.setPrice>

export type SupportsInterfaceParams = FunctionArguments<typeof functions.supportsInterface>
export type SupportsInterfaceReturn = FunctionReturn<typeof functions.supportsInterface>

export type SymbolParams = FunctionArguments<typeof functions.symbol>
export type SymbolReturn = FunctionReturn<typeof functions.symbol>

export type TokenURIParams = FunctionArguments<typeof functions.tokenURI>
export type TokenURIReturn = FunctionReturn<typeof functions.tokenURI>

export type TrainedOnParams = FunctionArguments<typeof functions.trainedOn>
export type TrainedOnReturn = FunctionReturn<typeof functions.trainedOn>

export type TransferFromParams = FunctionArguments<typeof functions.transferFrom>
export type TransferFromReturn = FunctionReturn<typeof functions.transferFrom>

export type TransferOwnershipParams = FunctionArguments<typeof functions.transferOwnership>
export type TransferOwnershipReturn = FunctionReturn<typeof functions.transferOwnership>

export type UpgradeToAndCallParams = FunctionArguments<typeof functions.upgradeToAndCall>
export type UpgradeToAndCallReturn = FunctionReturn<typeof functions.upgradeToAndCall>

