// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/**
 * @title OpenLedgerTimelock
 * @notice The protocol treasury and executor of passed proposals: OZ's TimelockController,
 *         unchanged. It exists only so the compiler emits an artifact named
 *         `OpenLedgerTimelock` to deploy next to the governor.
 * @dev Usual wiring: proposers = [governor], executors = [address(0)] (anyone executes a ready
 *      operation), admin = address(0) once roles are set (or the deployer, renounced later).
 *      It accepts native OPEN (TimelockController has `receive`), so it can hold a treasury.
 */
contract OpenLedgerTimelock is TimelockController {
    /// @param minDelay Seconds a queued operation waits before it can execute.
    /// @param proposers Accounts allowed to schedule (and cancel) operations: the governor.
    /// @param executors Accounts allowed to execute; `address(0)` opens execution to anyone.
    /// @param admin Optional bootstrap admin; `address(0)` makes the timelock self-administered.
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {}
}
