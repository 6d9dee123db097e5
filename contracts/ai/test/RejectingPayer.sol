// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title RejectingPayer
/// @notice Test-only account that rejects native OPEN yet pays for calls: forwards arbitrary calls with
///         value (funded through anvil's setBalance, or sent along with the call), so a refund or payout
///         to it must be deferred.
///         Not for deployment.
contract RejectingPayer {
    error Rejected();
    error CallFailed(bytes reason);

    /// @notice Calls `target` with `data` and `value` from this contract's balance (msg.value included),
    ///         bubbling up the revert data.
    function execute(address target, bytes calldata data, uint256 value) external payable returns (bytes memory) {
        (bool ok, bytes memory ret) = target.call{value: value}(data);
        if (!ok) revert CallFailed(ret);
        return ret;
    }

    receive() external payable {
        revert Rejected();
    }
}
