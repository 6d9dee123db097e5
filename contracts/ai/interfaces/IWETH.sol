// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The part of a WETH9-style wrapper (WOPEN) the router uses to pay stakers in an ERC-20.
interface IWETH {
    function deposit() external payable;
    function transfer(address to, uint256 amount) external returns (bool);
}
