// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ModelShareToken} from "./ModelShareToken.sol";

/// @title ModelShares
/// @notice Factory and registry of model share tokens: a model's owner tokenizes the model, whose
///         NFT moves into a new {ModelShareToken} that mints a fixed supply to the owner and from
///         then on receives (and distributes) the model owner's revenue. One token per model, ever.
contract ModelShares {
    /// @notice Longest accepted name (bytes); bounds what an event carries.
    uint256 public constant MAX_NAME_BYTES = 64;
    /// @notice Longest accepted symbol (bytes).
    uint256 public constant MAX_SYMBOL_BYTES = 16;

    /// @notice The model registry (ERC-721) whose models are tokenized.
    address public immutable models;
    /// @notice The inference router a share token forwards `fulfil` to.
    address public immutable router;

    /// @notice Share token of each tokenized model.
    mapping(uint256 => address) public tokenOfModel;
    /// @notice Whether an address is a share token created here.
    mapping(address => bool) public isShareToken;
    /// @notice Every share token, in creation order.
    address[] public allTokens;

    /// @notice `owner` tokenized `modelId` into `token` with `supply` shares.
    event ShareTokenCreated(
        uint256 indexed modelId, address indexed token, address indexed owner, string name, string symbol, uint256 supply
    );

    error NotModelOwner(uint256 modelId, address account);
    error AlreadyTokenized(uint256 modelId, address token);
    error NameTooLong(uint256 length);
    error SymbolTooLong(uint256 length);

    constructor(address models_, address router_) {
        models = models_;
        router = router_;
    }

    /// @notice Tokenizes the caller's model (the caller must have approved this factory for it).
    /// @param supply Shares (18 decimals) minted to the caller; at most 2^112 - 1, so they pool in the AMM.
    function tokenize(uint256 modelId, string calldata name, string calldata symbol, uint256 supply)
        external
        returns (address token)
    {
        if (IERC721(models).ownerOf(modelId) != msg.sender) revert NotModelOwner(modelId, msg.sender);
        if (tokenOfModel[modelId] != address(0)) revert AlreadyTokenized(modelId, tokenOfModel[modelId]);
        if (bytes(name).length > MAX_NAME_BYTES) revert NameTooLong(bytes(name).length);
        if (bytes(symbol).length > MAX_SYMBOL_BYTES) revert SymbolTooLong(bytes(symbol).length);
        token = address(new ModelShareToken(name, symbol, supply, msg.sender, modelId, models, router));
        tokenOfModel[modelId] = token;
        isShareToken[token] = true;
        allTokens.push(token);
        emit ShareTokenCreated(modelId, token, msg.sender, name, symbol, supply);
        IERC721(models).transferFrom(msg.sender, token, modelId);
    }

    /// @notice Number of share tokens created.
    function allTokensLength() external view returns (uint256) {
        return allTokens.length;
    }
}
