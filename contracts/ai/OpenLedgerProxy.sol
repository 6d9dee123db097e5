// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

/// @title OpenLedgerProxy
/// @notice The ERC-1967 proxy in front of each upgradeable AI contract (PolicyRegistry,
///         DatanetRegistry, ModelRegistry, InferenceRouter). Its address is the contract's address
///         for good: an upgrade (UUPS, authorised by the implementation, i.e. by the timelock)
///         changes only the implementation slot and emits `Upgraded(implementation)`.
/// @dev The constructor delegates `initData` (the implementation's `initialize` call) in the same
///      transaction that creates the proxy, so no one can front-run the initialisation.
contract OpenLedgerProxy is ERC1967Proxy {
    /// @param implementation The first implementation (its constructor disabled its own initialisers).
    /// @param initData The encoded `initialize(...)` call; must not be empty.
    constructor(address implementation, bytes memory initData) payable ERC1967Proxy(implementation, initData) {}
}
