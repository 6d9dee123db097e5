// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IStaking, StakeConfig} from "./StakingTypes.sol";

/// @notice The part of WOPEN the bank uses.
interface IWrappedNative {
    /// @notice Wraps msg.value.
    function deposit() external payable;
}

/**
 * @title Bank
 * @notice Holds staked tokens and staking rewards for the Staking configs it creates, and
 *         approves Staking to pay positions out. It is also the "staking rewards bank" of the
 *         fee policy: native OPEN sent to it (the stakers' share of inference fees) is wrapped
 *         into WOPEN at once, so it can be paid out as interest on WOPEN configs.
 * @dev Mirrors OpenLedger's published `Bank.sol` (approve + setConfig by the owner), with OZ
 *      Ownable instead of Solady. The owner is the timelock in production.
 */
contract Bank is Ownable {
    using SafeERC20 for IERC20;

    /// @notice WOPEN, into which received native OPEN is wrapped; address(0) keeps it native.
    address public immutable wopen;

    /// @notice `amount` native OPEN was received from `from` (wrapped into WOPEN when set).
    event RewardsReceived(address indexed from, uint256 amount);

    /// @param owner_ May approve spenders and create/update staking configs.
    /// @param wopen_ WOPEN address, or address(0) to keep received native OPEN unwrapped.
    constructor(address owner_, address wopen_) Ownable(owner_) {
        wopen = wopen_;
    }

    /// @notice Accepts native OPEN (e.g. fee shares) and wraps it into WOPEN.
    /// @dev Needs more than the 2300-gas stipend of `transfer` when wrapping: payers must use `call`.
    ///      Native OPEN coming back from WOPEN itself (an unwrap) is not re-wrapped.
    receive() external payable {
        if (wopen != address(0) && msg.sender != wopen) IWrappedNative(wopen).deposit{value: msg.value}();
        emit RewardsReceived(msg.sender, msg.value);
    }

    /// @notice Sets this bank's allowance of `token` for `spender` (Staking, to pay out positions).
    function approve(address token, address spender, uint256 amount) external onlyOwner {
        IERC20(token).forceApprove(spender, amount);
    }

    /// @notice Moves `amount` of `token` out of the bank (e.g. to migrate or rebalance reserves).
    function transferToken(address token, address to, uint256 amount) external onlyOwner {
        IERC20(token).safeTransfer(to, amount);
    }

    /// @notice Creates or updates staking config `configId` on `staking`, with this bank as its bank.
    /// @dev This contract needs Staking's TRUSTED_BANK role.
    function setConfig(address staking, uint256 configId, StakeConfig calldata config) external onlyOwner {
        IStaking(staking).setConfig(configId, config);
    }
}
