// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title AttributionValidators
/// @notice Attribution oracles bond native OPEN to be allowed to settle inferences. Unbonding waits
///         a delay so that a bad settlement can still be slashed; slashing is decided by governance
///         (the owner is the timelock) against an evidence hash (e.g. the audit report's hash).
contract AttributionValidators is Ownable, ReentrancyGuardTransient {
    struct Validator {
        uint256 bonded;
        uint256 unbonding;
        uint64 availableAt;
    }

    /// @notice Receives slashed funds.
    address public immutable treasury;
    /// @notice Seconds between requestUnbond and withdraw.
    uint64 public immutable unbondingDelaySeconds;
    /// @notice Bond at or above which a validator may settle.
    uint256 public minBond;
    /// @notice Sum of all validators' bonded (not unbonding) amounts.
    uint256 public totalBonded;
    /// @notice Per-validator bonded amount, amount waiting to unbond and when it becomes withdrawable.
    mapping(address validator => Validator) public validators;

    event ValidatorBonded(address indexed validator, uint256 amount, uint256 totalBonded);
    event ValidatorUnbonding(address indexed validator, uint256 amount, uint64 availableAt);
    event ValidatorWithdrawn(address indexed validator, uint256 amount);
    event ValidatorSlashed(address indexed validator, uint256 amount, bytes32 evidenceHash);
    event MinBondUpdated(uint256 oldMinBond, uint256 newMinBond);

    /// @notice An amount of zero.
    error ZeroAmount();
    /// @notice A zero address where one is required.
    error ZeroAddress();
    /// @notice Unbonding more than is bonded.
    error InsufficientBond(uint256 bonded, uint256 requested);
    /// @notice Nothing is unbonding.
    error NothingToWithdraw();
    /// @notice The unbonding delay has not passed.
    error UnbondingNotReady(uint64 availableAt);
    /// @notice Slashing more than the validator's bonded plus unbonding stake.
    error SlashExceedsStake(uint256 stake, uint256 requested);
    /// @notice A native transfer failed.
    error TransferFailed(address to, uint256 amount);

    /// @param owner_ The timelock: sole slasher and setter of the minimum bond.
    /// @param treasury_ Receives slashed funds.
    /// @param minBond_ Minimum bond in wei of native OPEN.
    /// @param unbondingDelaySeconds_ Delay between requestUnbond and withdraw.
    constructor(address owner_, address treasury_, uint256 minBond_, uint64 unbondingDelaySeconds_) Ownable(owner_) {
        if (treasury_ == address(0)) revert ZeroAddress();
        treasury = treasury_;
        unbondingDelaySeconds = unbondingDelaySeconds_;
        minBond = minBond_;
        emit MinBondUpdated(0, minBond_);
    }

    /// @notice Adds msg.value to the caller's bond.
    function bond() external payable {
        if (msg.value == 0) revert ZeroAmount();
        Validator storage v = validators[msg.sender];
        v.bonded += msg.value;
        totalBonded += msg.value;
        emit ValidatorBonded(msg.sender, msg.value, v.bonded);
    }

    /// @notice Moves `amount` from bonded to unbonding. Restarts the delay for everything unbonding,
    ///         so a validator cannot shorten the slashable window by staggering requests.
    function requestUnbond(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Validator storage v = validators[msg.sender];
        if (amount > v.bonded) revert InsufficientBond(v.bonded, amount);
        v.bonded -= amount;
        totalBonded -= amount;
        v.unbonding += amount;
        uint64 availableAt = uint64(block.timestamp) + unbondingDelaySeconds;
        v.availableAt = availableAt;
        emit ValidatorUnbonding(msg.sender, amount, availableAt);
    }

    /// @notice Pays out everything unbonding once the delay has passed.
    function withdraw() external nonReentrant {
        Validator storage v = validators[msg.sender];
        uint256 amount = v.unbonding;
        if (amount == 0) revert NothingToWithdraw();
        if (block.timestamp < v.availableAt) revert UnbondingNotReady(v.availableAt);
        v.unbonding = 0;
        emit ValidatorWithdrawn(msg.sender, amount);
        _send(msg.sender, amount);
    }

    /// @notice Slashes a validator: bonded stake first, then unbonding. Only the owner (timelock).
    /// @param evidenceHash Hash of the evidence (audit report) the vote was based on.
    function slash(address validator, uint256 amount, bytes32 evidenceHash) external onlyOwner nonReentrant {
        if (amount == 0) revert ZeroAmount();
        Validator storage v = validators[validator];
        uint256 stake = v.bonded + v.unbonding;
        if (amount > stake) revert SlashExceedsStake(stake, amount);
        uint256 fromBonded = amount < v.bonded ? amount : v.bonded;
        v.bonded -= fromBonded;
        totalBonded -= fromBonded;
        v.unbonding -= amount - fromBonded;
        emit ValidatorSlashed(validator, amount, evidenceHash);
        _send(treasury, amount);
    }

    /// @notice Changes the minimum bond. Only the owner (timelock).
    function setMinBond(uint256 newMinBond) external onlyOwner {
        emit MinBondUpdated(minBond, newMinBond);
        minBond = newMinBond;
    }

    /// @notice True if the validator's bond is non-zero and at least the minimum.
    function isActive(address validator) external view returns (bool) {
        uint256 bonded = validators[validator].bonded;
        return bonded > 0 && bonded >= minBond;
    }

    function _send(address to, uint256 amount) private {
        (bool ok,) = payable(to).call{value: amount}("");
        if (!ok) revert TransferFailed(to, amount);
    }
}
