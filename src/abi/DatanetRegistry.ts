import * as p from '@subsquid/evm-codec'
import { event, fun, viewFun, indexed, ContractBase } from '@subsquid/evm-abi'
import type { EventParams as EParams, FunctionArguments, FunctionReturn } from '@subsquid/evm-abi'

export const events = {
    Approval: event("0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925", "Approval(address,address,uint256)", {"owner": indexed(p.address), "approved": indexed(p.address), "tokenId": indexed(p.uint256)}),
    ApprovalForAll: event("0x17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31", "ApprovalForAll(address,address,bool)", {"owner": indexed(p.address), "operator": indexed(p.address), "approved": p.bool}),
    ContributionReviewed: event("0x00981d9b7f6985326dc00337fcd1f9ac6a75d37ed81f8e820f11eaa8b86b377b", "ContributionReviewed(uint256,uint256,address,bool)", {"contributionId": indexed(p.uint256), "datanetId": indexed(p.uint256), "curator": indexed(p.address), "accepted": p.bool}),
    ContributionSubmitted: event("0x396233e4c70b12baedc60f17ec0e5d4fb81add7d54b47c6cd52d79e9ceca3fc6", "ContributionSubmitted(uint256,uint256,address,bytes32,uint64,string,string[])", {"contributionId": indexed(p.uint256), "datanetId": indexed(p.uint256), "contributor": indexed(p.address), "contentHash": p.bytes32, "size": p.uint64, "metadataURI": p.string, "tags": p.array(p.string)}),
    CuratorSet: event("0x285c5f4767e8772fd13ab04aa5da6414087431e3cbf0984439977f90d2e58897", "CuratorSet(uint256,address,bool)", {"datanetId": indexed(p.uint256), "curator": indexed(p.address), "enabled": p.bool}),
    DatanetCreated: event("0x77713088091d1236297879ef69a55484fd9a3292bef983ee2a305361675a3d36", "DatanetCreated(uint256,address,string,string)", {"datanetId": indexed(p.uint256), "owner": indexed(p.address), "name": p.string, "metadataURI": p.string}),
    DatanetVersionSealed: event("0x5e09aa91ad4b3232c884fa196aea6296bb1438d26f92de92533a180fb7739998", "DatanetVersionSealed(uint256,uint32,bytes32,uint64)", {"datanetId": indexed(p.uint256), "version": indexed(p.uint32), "merkleRoot": p.bytes32, "contributionCount": p.uint64}),
    Initialized: event("0xc7f505b2f371ae2175ee4913f4499e1f2633a7b5936321eed1cdaeb6115181d2", "Initialized(uint64)", {"version": p.uint64}),
    OwnershipTransferred: event("0x8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0", "OwnershipTransferred(address,address)", {"previousOwner": indexed(p.address), "newOwner": indexed(p.address)}),
    Transfer: event("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", "Transfer(address,address,uint256)", {"from": indexed(p.address), "to": indexed(p.address), "tokenId": indexed(p.uint256)}),
    Upgraded: event("0xbc7cd75a20ee27fd9adebab32041f755214dbc6bffa90cc0225b39da2e5c2d3b", "Upgraded(address)", {"implementation": indexed(p.address)}),
}

export const functions = {
    MAX_LEAVES: viewFun("0x082febf0", "MAX_LEAVES()", {}, p.uint256),
    MAX_TAGS: viewFun("0xcce67226", "MAX_TAGS()", {}, p.uint256),
    TREE_DEPTH: viewFun("0xf1650536", "TREE_DEPTH()", {}, p.uint256),
    UPGRADE_INTERFACE_VERSION: viewFun("0xad3cb1cc", "UPGRADE_INTERFACE_VERSION()", {}, p.string),
    acceptanceIndexOf: viewFun("0x34c5d4ba", "acceptanceIndexOf(uint256)", {"contributionId": p.uint256}, p.uint64),
    approve: fun("0x095ea7b3", "approve(address,uint256)", {"to": p.address, "tokenId": p.uint256}, ),
    balanceOf: viewFun("0x70a08231", "balanceOf(address)", {"owner": p.address}, p.uint256),
    contribute: fun("0xf4fe64b6", "contribute(uint256,bytes32,uint64,string,string[])", {"datanetId": p.uint256, "contentHash": p.bytes32, "size": p.uint64, "metadataURI": p.string, "tags": p.array(p.string)}, p.uint256),
    contributionOf: viewFun("0x56606aeb", "contributionOf(uint256)", {"contributionId": p.uint256}, {"datanetId": p.uint256, "contributor": p.address, "contentHash": p.bytes32, "status": p.uint8}),
    counts: viewFun("0x817cc1ea", "counts()", {}, {"datanets": p.uint256, "contributions": p.uint256}),
    createDatanet: fun("0x7fd866f3", "createDatanet(string,string)", {"name": p.string, "metadataURI": p.string}, p.uint256),
    datanetInfo: viewFun("0xec9bf2be", "datanetInfo(uint256)", {"datanetId": p.uint256}, {"acceptedCount": p.uint64, "versionCount": p.uint32}),
    getApproved: viewFun("0x081812fc", "getApproved(uint256)", {"tokenId": p.uint256}, p.address),
    initialize: fun("0xc4d66de8", "initialize(address)", {"owner_": p.address}, ),
    isApprovedForAll: viewFun("0xe985e9c5", "isApprovedForAll(address,address)", {"owner": p.address, "operator": p.address}, p.bool),
    isCurator: viewFun("0xb4e612bd", "isCurator(uint256,address)", {"datanetId": p.uint256, "account": p.address}, p.bool),
    isInVersion: viewFun("0xea903194", "isInVersion(uint256,uint256,uint32)", {"contributionId": p.uint256, "datanetId": p.uint256, "version": p.uint32}, p.bool),
    isSealed: viewFun("0x4ba397e7", "isSealed(uint256,uint32)", {"datanetId": p.uint256, "version": p.uint32}, p.bool),
    leafOf: viewFun("0x60960bd3", "leafOf(uint256,address,bytes32)", {"contributionId": p.uint256, "contributor": p.address, "contentHash": p.bytes32}, p.bytes32),
    merkleRoot: viewFun("0x3c70b357", "merkleRoot(uint256)", {"datanetId": p.uint256}, p.bytes32),
    name: viewFun("0x06fdde03", "name()", {}, p.string),
    owner: viewFun("0x8da5cb5b", "owner()", {}, p.address),
    ownerOf: viewFun("0x6352211e", "ownerOf(uint256)", {"tokenId": p.uint256}, p.address),
    proxiableUUID: viewFun("0x52d1902d", "proxiableUUID()", {}, p.bytes32),
    renounceOwnership: fun("0x715018a6", "renounceOwnership()", {}, ),
    review: fun("0x150ad280", "review(uint256,bool)", {"contributionId": p.uint256, "accept": p.bool}, ),
    reviewBatch: fun("0xa171f5f3", "reviewBatch(uint256[],bool[])", {"contributionIds": p.array(p.uint256), "accepts": p.array(p.bool)}, ),
    'safeTransferFrom(address,address,uint256)': fun("0x42842e0e", "safeTransferFrom(address,address,uint256)", {"from": p.address, "to": p.address, "tokenId": p.uint256}, ),
    'safeTransferFrom(address,address,uint256,bytes)': fun("0xb88d4fde", "safeTransferFrom(address,address,uint256,bytes)", {"from": p.address, "to": p.address, "tokenId": p.uint256, "data": p.bytes}, ),
    sealVersion: fun("0xabb2b680", "sealVersion(uint256)", {"datanetId": p.uint256}, p.uint32),
    setApprovalForAll: fun("0xa22cb465", "setApprovalForAll(address,bool)", {"operator": p.address, "approved": p.bool}, ),
    setCurator: fun("0xe59f1b2a", "setCurator(uint256,address,bool)", {"datanetId": p.uint256, "curator": p.address, "enabled": p.bool}, ),
    supportsInterface: viewFun("0x01ffc9a7", "supportsInterface(bytes4)", {"interfaceId": p.bytes4}, p.bool),
    symbol: viewFun("0x95d89b41", "symbol()", {}, p.string),
    tokenURI: viewFun("0xc87b56dd", "tokenURI(uint256)", {"datanetId": p.uint256}, p.string),
    transferFrom: fun("0x23b872dd", "transferFrom(address,address,uint256)", {"from": p.address, "to": p.address, "tokenId": p.uint256}, ),
    transferOwnership: fun("0xf2fde38b", "transferOwnership(address)", {"newOwner": p.address}, ),
    upgradeToAndCall: fun("0x4f1ef286", "upgradeToAndCall(address,bytes)", {"newImplementation": p.address, "data": p.bytes}, ),
    versionOf: viewFun("0xcf02ee3f", "versionOf(uint256,uint32)", {"datanetId": p.uint256, "version": p.uint32}, {"root": p.bytes32, "contributionCount": p.uint64}),
}

export class Contract extends ContractBase {

    MAX_LEAVES() {
        return this.eth_call(functions.MAX_LEAVES, {})
    }

    MAX_TAGS() {
        return this.eth_call(functions.MAX_TAGS, {})
    }

    TREE_DEPTH() {
        return this.eth_call(functions.TREE_DEPTH, {})
    }

    UPGRADE_INTERFACE_VERSION() {
        return this.eth_call(functions.UPGRADE_INTERFACE_VERSION, {})
    }

    acceptanceIndexOf(contributionId: AcceptanceIndexOfParams["contributionId"]) {
        return this.eth_call(functions.acceptanceIndexOf, {contributionId})
    }

    balanceOf(owner: BalanceOfParams["owner"]) {
        return this.eth_call(functions.balanceOf, {owner})
    }

    contributionOf(contributionId: ContributionOfParams["contributionId"]) {
        return this.eth_call(functions.contributionOf, {contributionId})
    }

    counts() {
        return this.eth_call(functions.counts, {})
    }

    datanetInfo(datanetId: DatanetInfoParams["datanetId"]) {
        return this.eth_call(functions.datanetInfo, {datanetId})
    }

    getApproved(tokenId: GetApprovedParams["tokenId"]) {
        return this.eth_call(functions.getApproved, {tokenId})
    }

    isApprovedForAll(owner: IsApprovedForAllParams["owner"], operator: IsApprovedForAllParams["operator"]) {
        return this.eth_call(functions.isApprovedForAll, {owner, operator})
    }

    isCurator(datanetId: IsCuratorParams["datanetId"], account: IsCuratorParams["account"]) {
        return this.eth_call(functions.isCurator, {datanetId, account})
    }

    isInVersion(contributionId: IsInVersionParams["contributionId"], datanetId: IsInVersionParams["datanetId"], version: IsInVersionParams["version"]) {
        return this.eth_call(functions.isInVersion, {contributionId, datanetId, version})
    }

    isSealed(datanetId: IsSealedParams["datanetId"], version: IsSealedParams["version"]) {
        return this.eth_call(functions.isSealed, {datanetId, version})
    }

    leafOf(contributionId: LeafOfParams["contributionId"], contributor: LeafOfParams["contributor"], contentHash: LeafOfParams["contentHash"]) {
        return this.eth_call(functions.leafOf, {contributionId, contributor, contentHash})
    }

    merkleRoot(datanetId: MerkleRootParams["datanetId"]) {
        return this.eth_call(functions.merkleRoot, {datanetId})
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

    tokenURI(datanetId: TokenURIParams["datanetId"]) {
        return this.eth_call(functions.tokenURI, {datanetId})
    }

    versionOf(datanetId: VersionOfParams["datanetId"], version: VersionOfParams["version"]) {
        return this.eth_call(functions.versionOf, {datanetId, version})
    }
}

/// Event types
export type ApprovalEventArgs = EParams<typeof events.Approval>
export type ApprovalForAllEventArgs = EParams<typeof events.ApprovalForAll>
export type ContributionReviewedEventArgs = EParams<typeof events.ContributionReviewed>
export type ContributionSubmittedEventArgs = EParams<typeof events.ContributionSubmitted>
export type CuratorSetEventArgs = EParams<typeof events.CuratorSet>
export type DatanetCreatedEventArgs = EParams<typeof events.DatanetCreated>
export type DatanetVersionSealedEventArgs = EParams<typeof events.DatanetVersionSealed>
export type InitializedEventArgs = EParams<typeof events.Initialized>
export type OwnershipTransferredEventArgs = EParams<typeof events.OwnershipTransferred>
export type TransferEventArgs = EParams<typeof events.Transfer>
export type UpgradedEventArgs = EParams<typeof events.Upgraded>

/// Function types
export type MAX_LEAVESParams = FunctionArguments<typeof functions.MAX_LEAVES>
export type MAX_LEAVESReturn = FunctionReturn<typeof functions.MAX_LEAVES>

export type MAX_TAGSParams = FunctionArguments<typeof functions.MAX_TAGS>
export type MAX_TAGSReturn = FunctionReturn<typeof functions.MAX_TAGS>

export type TREE_DEPTHParams = FunctionArguments<typeof functions.TREE_DEPTH>
export type TREE_DEPTHReturn = FunctionReturn<typeof functions.TREE_DEPTH>

export type UPGRADE_INTERFACE_VERSIONParams = FunctionArguments<typeof functions.UPGRADE_INTERFACE_VERSION>
export type UPGRADE_INTERFACE_VERSIONReturn = FunctionReturn<typeof functions.UPGRADE_INTERFACE_VERSION>

export type AcceptanceIndexOfParams = FunctionArguments<typeof functions.acceptanceIndexOf>
export type AcceptanceIndexOfReturn = FunctionReturn<typeof functions.acceptanceIndexOf>

export type ApproveParams = FunctionArguments<typeof functions.approve>
export type ApproveReturn = FunctionReturn<typeof functions.approve>

export type BalanceOfParams = FunctionArguments<typeof functions.balanceOf>
export type BalanceOfReturn = FunctionReturn<typeof functions.balanceOf>

export type ContributeParams = FunctionArguments<typeof functions.contribute>
export type ContributeReturn = FunctionReturn<typeof functions.contribute>

export type ContributionOfParams = FunctionArguments<typeof functions.contributionOf>
export type ContributionOfReturn = FunctionReturn<typeof functions.contributionOf>

export type CountsParams = FunctionArguments<typeof functions.counts>
export type CountsReturn = FunctionReturn<typeof functions.counts>

export type CreateDatanetParams = FunctionArguments<typeof functions.createDatanet>
export type CreateDatanetReturn = FunctionReturn<typeof functions.createDatanet>

export type DatanetInfoParams = FunctionArguments<typeof functions.datanetInfo>
export type DatanetInfoReturn = FunctionReturn<typeof functions.datanetInfo>

export type GetApprovedParams = FunctionArguments<typeof functions.getApproved>
export type GetApprovedReturn = FunctionReturn<typeof functions.getApproved>

export type InitializeParams = FunctionArguments<typeof functions.initialize>
export type InitializeReturn = FunctionReturn<typeof functions.initialize>

export type IsApprovedForAllParams = FunctionArguments<typeof functions.isApprovedForAll>
export type IsApprovedForAllReturn = FunctionReturn<typeof functions.isApprovedForAll>

export type IsCuratorParams = FunctionArguments<typeof functions.isCurator>
export type IsCuratorReturn = FunctionReturn<typeof functions.isCurator>

export type IsInVersionParams = FunctionArguments<typeof functions.isInVersion>
export type IsInVersionReturn = FunctionReturn<typeof functions.isInVersion>

export type IsSealedParams = FunctionArguments<typeof functions.isSealed>
export type IsSealedReturn = FunctionReturn<typeof functions.isSealed>

export type LeafOfParams = FunctionArguments<typeof functions.leafOf>
export type LeafOfReturn = FunctionReturn<typeof functions.leafOf>

export type MerkleRootParams = FunctionArguments<typeof functions.merkleRoot>
export type MerkleRootReturn = FunctionReturn<typeof functions.merkleRoot>

export type NameParams = FunctionArguments<typeof functions.name>
export type NameReturn = FunctionReturn<typeof functions.name>

export type OwnerParams = FunctionArguments<typeof functions.owner>
export type OwnerReturn = FunctionReturn<typeof functions.owner>

export type OwnerOfParams = FunctionArguments<typeof functions.ownerOf>
export type OwnerOfReturn = FunctionReturn<typeof functions.ownerOf>

export type ProxiableUUIDParams = FunctionArguments<typeof functions.proxiableUUID>
export type ProxiableUUIDReturn = FunctionReturn<typeof functions.proxiableUUID>

export type RenounceOwnershipParams = FunctionArguments<typeof functions.renounceOwnership>
export type RenounceOwnershipReturn = FunctionReturn<typeof functions.renounceOwnership>

export type ReviewParams = FunctionArguments<typeof functions.review>
export type ReviewReturn = FunctionReturn<typeof functions.review>

export type ReviewBatchParams = FunctionArguments<typeof functions.reviewBatch>
export type ReviewBatchReturn = FunctionReturn<typeof functions.reviewBatch>

export type SafeTransferFromParams_0 = FunctionArguments<typeof functions['safeTransferFrom(address,address,uint256)']>
export type SafeTransferFromReturn_0 = FunctionReturn<typeof functions['safeTransferFrom(address,address,uint256)']>

export type SafeTransferFromParams_1 = FunctionArguments<typeof functions['safeTransferFrom(address,address,uint256,bytes)']>
export type SafeTransferFromReturn_1 = FunctionReturn<typeof functions['safeTransferFrom(address,address,uint256,bytes)']>

export type SealVersionParams = FunctionArguments<typeof functions.sealVersion>
export type SealVersionReturn = FunctionReturn<typeof functions.sealVersion>

export type SetApprovalForAllParams = FunctionArguments<typeof functions.setApprovalForAll>
export type SetApprovalForAllReturn = FunctionReturn<typeof functions.setApprovalForAll>

export type SetCuratorParams = FunctionArguments<typeof functions.setCurator>
export type SetCuratorReturn = FunctionReturn<typeof functions.setCurator>

export type SupportsInterfaceParams = FunctionArguments<typeof functions.supportsInterface>
export type SupportsInterfaceReturn = FunctionReturn<typeof functions.supportsInterface>

export type SymbolParams = FunctionArguments<typeof functions.symbol>
export type SymbolReturn = FunctionReturn<typeof functions.symbol>

export type TokenURIParams = FunctionArguments<typeof functions.tokenURI>
export type TokenURIReturn = FunctionReturn<typeof functions.tokenURI>

export type TransferFromParams = FunctionArguments<typeof functions.transferFrom>
export type TransferFromReturn = FunctionReturn<typeof functions.transferFrom>

export type TransferOwnershipParams = FunctionArguments<typeof functions.transferOwnership>
export type TransferOwnershipReturn = FunctionReturn<typeof functions.transferOwnership>

export type UpgradeToAndCallParams = FunctionArguments<typeof functions.upgradeToAndCall>
export type UpgradeToAndCallReturn = FunctionReturn<typeof functions.upgradeToAndCall>

export type VersionOfParams = FunctionArguments<typeof functions.versionOf>
export type VersionOfReturn = FunctionReturn<typeof functions.versionOf>

