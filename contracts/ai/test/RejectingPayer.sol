// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title RejectingPayer
/// @notice Test-only account that rejects native OPEN but can pay for calls (e.g. a compute request)
///         by forwarding them with value. Not for deployment.
contract RejectingPayer {
    error Rejected();
    error CallFailed(bytes reason);

    /// @notice Calls `target` with `data` and msg.value, bubbling up the revert data on failure.
    function execute(address target, bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory ret) = target.call{value: msg.value}(data);
        if (!ok) revert CallFailed(ret);
        return ret;
    }

    receive() external payable {
        revert Rejected();
    }
}
