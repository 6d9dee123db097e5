// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title RejectingRecipient
/// @notice Test-only account that rejects native OPEN but can act (contribute, own a model, withdraw
///         what it is owed to another address) by forwarding arbitrary calls. Not for deployment.
contract RejectingRecipient {
    error Rejected();
    error CallFailed(bytes reason);

    /// @notice Calls `target` with `data`, bubbling up the revert data on failure.
    function execute(address target, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory ret) = target.call(data);
        if (!ok) revert CallFailed(ret);
        return ret;
    }

    receive() external payable {
        revert Rejected();
    }
}
