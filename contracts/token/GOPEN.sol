// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/**
 * @title GOPEN
 * @notice Governance OPEN: deposit native OPEN to mint GOPEN 1:1, withdraw to burn it and get
 *         the native OPEN back. GOPEN carries ERC20Votes (delegation, checkpoints) and
 *         ERC20Permit, and is the voting token of OpenLedgerGovernor.
 * @dev Event-compatible with OpenLedger's published `GOPEN.sol`: Deposit/Withdrawal(address
 *      indexed sender, uint256 amt) plus the OZ ERC20/Votes events. Like the published one its
 *      clock is the block timestamp (`mode=timestamp`), so the governor's voting delay and
 *      period are in seconds.
 */
contract GOPEN is ERC20, ERC20Permit, ERC20Votes, ReentrancyGuard {
    /// @notice `sender` deposited `amt` native OPEN and received `amt` GOPEN.
    event Deposit(address indexed sender, uint256 amt);
    /// @notice `sender` burned `amt` GOPEN and received `amt` native OPEN.
    event Withdrawal(address indexed sender, uint256 amt);

    /// @notice A deposit or withdrawal of zero (a no-op that would only emit noise).
    error ZeroValueNotAllowed();
    /// @notice Paying native OPEN to `to` failed (the recipient reverted).
    error NativeTransferFailed(address to, uint256 amount);

    constructor() ERC20("GOpen", "GOPEN") ERC20Permit("GOpen") {}

    /// @notice A plain native transfer deposits it for the sender.
    receive() external payable {
        deposit();
    }

    /// @notice Mints `msg.value` GOPEN to the sender for the native OPEN sent.
    /// @dev Votes follow only once the holder delegates (to itself or another), as in ERC20Votes.
    function deposit() public payable {
        if (msg.value == 0) revert ZeroValueNotAllowed();
        _mint(msg.sender, msg.value);
        emit Deposit(msg.sender, msg.value);
    }

    /// @notice Burns `amount` GOPEN of the sender and pays back the same amount of native OPEN.
    /// @dev Over-withdrawal reverts with OZ's `ERC20InsufficientBalance`. Burn happens before
    ///      the call and the function is nonReentrant, so a re-entering recipient cannot
    ///      withdraw twice.
    /// @param amount Amount to withdraw, in wei.
    function withdraw(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroValueNotAllowed();
        _burn(msg.sender, amount);
        emit Withdrawal(msg.sender, amount);
        (bool ok,) = payable(msg.sender).call{value: amount}("");
        if (!ok) revert NativeTransferFailed(msg.sender, amount);
    }

    /// @notice Vote checkpoints are keyed by block timestamp, as in the published GOPEN.
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice EIP-6372 clock description.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    // Overrides required by Solidity for the multiple inheritance.

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
