// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ShareAmmPair} from "./ShareAmmPair.sol";

/// @title ShareAmmFactory
/// @notice Creates one constant-product pair per token pair, Uniswap V2 style (and with Uniswap
///         V2's `PairCreated` signature and views, so DEX tooling recognises it). Permissionless:
///         anyone may pool any two tokens; the indexer prices pools against WOPEN.
contract ShareAmmFactory {
    /// @notice Pair of two tokens, either order.
    mapping(address => mapping(address => address)) public getPair;
    /// @notice Every pair, in creation order.
    address[] public allPairs;

    /// @notice Uniswap V2's event: token0 < token1; the last field is `allPairs.length`.
    event PairCreated(address indexed token0, address indexed token1, address pair, uint256);

    error IdenticalAddresses();
    error ZeroAddress();
    error PairExists(address pair);

    /// @notice Number of pairs created.
    function allPairsLength() external view returns (uint256) {
        return allPairs.length;
    }

    /// @notice Creates the pair of `tokenA` and `tokenB` (CREATE2, salt = the sorted tokens).
    function createPair(address tokenA, address tokenB) external returns (address pair) {
        if (tokenA == tokenB) revert IdenticalAddresses();
        (address token0, address token1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
        if (token0 == address(0)) revert ZeroAddress();
        if (getPair[token0][token1] != address(0)) revert PairExists(getPair[token0][token1]);
        pair = address(new ShareAmmPair{salt: keccak256(abi.encodePacked(token0, token1))}(token0, token1));
        getPair[token0][token1] = pair;
        getPair[token1][token0] = pair;
        allPairs.push(pair);
        emit PairCreated(token0, token1, pair, allPairs.length);
    }
}
