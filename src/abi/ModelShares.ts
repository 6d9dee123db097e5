import * as p from '@subsquid/evm-codec'
import { event, fun, viewFun, indexed, ContractBase } from '@subsquid/evm-abi'
import type { EventParams as EParams, FunctionArguments, FunctionReturn } from '@subsquid/evm-abi'

export const events = {
    ShareTokenCreated: event("0x6159f492d64d37fcb59ec03d8a6afca84d4855d9376a71f57ea49c1d7dc16ffb", "ShareTokenCreated(uint256,address,address,string,string,uint256)", {"modelId": indexed(p.uint256), "token": indexed(p.address), "owner": indexed(p.address), "name": p.string, "symbol": p.string, "supply": p.uint256}),
}

export const functions = {
    MAX_NAME_BYTES: viewFun("0x680c60c7", "MAX_NAME_BYTES()", {}, p.uint256),
    MAX_SYMBOL_BYTES: viewFun("0x8a4940f2", "MAX_SYMBOL_BYTES()", {}, p.uint256),
    allTokens: viewFun("0x634282af", "allTokens(uint256)", {"_0": p.uint256}, p.address),
    allTokensLength: viewFun("0xdbb80e42", "allTokensLength()", {}, p.uint256),
    isShareToken: viewFun("0xe354a1d7", "isShareToken(address)", {"_0": p.address}, p.bool),
    models: viewFun("0x9986df2c", "models()", {}, p.address),
    router: viewFun("0xf887ea40", "router()", {}, p.address),
    tokenOfModel: viewFun("0x47826387", "tokenOfModel(uint256)", {"_0": p.uint256}, p.address),
    tokenize: fun("0x9f43191f", "tokenize(uint256,string,string,uint256)", {"modelId": p.uint256, "name": p.string, "symbol": p.string, "supply": p.uint256}, p.address),
}

export class Contract extends ContractBase {

    MAX_NAME_BYTES() {
        return this.eth_call(functions.MAX_NAME_BYTES, {})
    }

    MAX_SYMBOL_BYTES() {
        return this.eth_call(functions.MAX_SYMBOL_BYTES, {})
    }

    allTokens(_0: AllTokensParams["_0"]) {
        return this.eth_call(functions.allTokens, {_0})
    }

    allTokensLength() {
        return this.eth_call(functions.allTokensLength, {})
    }

    isShareToken(_0: IsShareTokenParams["_0"]) {
        return this.eth_call(functions.isShareToken, {_0})
    }

    models() {
        return this.eth_call(functions.models, {})
    }

    router() {
        return this.eth_call(functions.router, {})
    }

    tokenOfModel(_0: TokenOfModelParams["_0"]) {
        return this.eth_call(functions.tokenOfModel, {_0})
    }
}

/// Event types
export type ShareTokenCreatedEventArgs = EParams<typeof events.ShareTokenCreated>

/// Function types
export type MAX_NAME_BYTESParams = FunctionArguments<typeof functions.MAX_NAME_BYTES>
export type MAX_NAME_BYTESReturn = FunctionReturn<typeof functions.MAX_NAME_BYTES>

export type MAX_SYMBOL_BYTESParams = FunctionArguments<typeof functions.MAX_SYMBOL_BYTES>
export type MAX_SYMBOL_BYTESReturn = FunctionReturn<typeof functions.MAX_SYMBOL_BYTES>

export type AllTokensParams = FunctionArguments<typeof functions.allTokens>
export type AllTokensReturn = FunctionReturn<typeof functions.allTokens>

export type AllTokensLengthParams = FunctionArguments<typeof functions.allTokensLength>
export type AllTokensLengthReturn = FunctionReturn<typeof functions.allTokensLength>

export type IsShareTokenParams = FunctionArguments<typeof functions.isShareToken>
export type IsShareTokenReturn = FunctionReturn<typeof functions.isShareToken>

export type ModelsParams = FunctionArguments<typeof functions.models>
export type ModelsReturn = FunctionReturn<typeof functions.models>

export type RouterParams = FunctionArguments<typeof functions.router>
export type RouterReturn = FunctionReturn<typeof functions.router>

export type TokenOfModelParams = FunctionArguments<typeof functions.tokenOfModel>
export type TokenOfModelReturn = FunctionReturn<typeof functions.tokenOfModel>

export type TokenizeParams = FunctionArguments<typeof functions.tokenize>
export type TokenizeReturn = FunctionReturn<typeof functions.tokenize>

