// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/**
 * @title GovernanceTarget
 * @notice Test-only contract owned by the timelock: a governed setting that only a passed
 *         proposal can change. Used by the governance-cycle tests.
 */
contract GovernanceTarget is Ownable {
    /// @notice The governed value.
    uint256 public value;

    /// @notice `value` changed from `oldValue` to `newValue`.
    event ValueChanged(uint256 oldValue, uint256 newValue);

    /// @param owner_ The timelock.
    constructor(address owner_) Ownable(owner_) {}

    /// @notice Sets the governed value; owner (the timelock) only.
    function setValue(uint256 newValue) external onlyOwner {
        emit ValueChanged(value, newValue);
        value = newValue;
    }
}
