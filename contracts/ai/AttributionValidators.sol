// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @notice The views of an OpenZeppelin Governor (timestamp clock, timelock control) that bound how
///         long governance takes to act.
interface ITimelockedGovernor {
    function votingDelay() external view returns (uint256);
    function votingPeriod() external view returns (uint256);
    function timelock() external view returns (address);
    function CLOCK_MODE() external view returns (string memory);
}

/// @notice The one view of a TimelockController this contract needs.
interface IMinDelay {
    function getMinDelay() external view returns (uint256);
}

/// @title AttributionValidators
/// @notice Attribution oracles bond native OPEN to be allowed to settle inferences. Slashing is
///         decided by governance (the owner is the timelock) against an evidence hash (e.g. the
///         audit report's hash), so unbonding must outlast governance: a validator's unbonding
///         stake stays slashable for the audit window (detecting a bad settlement and proposing
///         the slash) plus the governor's voting delay, voting period and timelock delay, read live
///         from the governor at request and again at withdraw, so governance lengthening its own
///         latency also lengthens every pending unbonding. Ownership is the governor's timelock,
///         checked at deployment and read live afterwards, so slashing is only ever the governance path.
contract AttributionValidators is Ownable, ReentrancyGuardTransient {
    struct Validator {
        uint256 bonded;
        uint256 unbonding;
        uint64 availableAt;
        uint64 requestedAt;
    }

    /// @notice Seconds added to the delay so a slash proposed at the last second of the audit window
    ///         still executes before the withdrawal opens. OpenZeppelin's Governor counts a proposal
    ///         Active through its deadline inclusive, so the earliest queue is one second after
    ///         voting delay + voting period, and the earliest execute one second after the full
    ///         latency; then the queue and the execute transactions each wait for a block. 60 s covers
    ///         that second plus five 12 s L1 blocks (thirty 2 s L2 blocks) for the two transactions.
    uint64 public constant EXECUTION_MARGIN_SECONDS = 60;

    /// @notice Receives slashed funds.
    address public immutable treasury;
    /// @notice The governor whose proposals (through its timelock, the owner) slash.
    ITimelockedGovernor public immutable governor;
    /// @notice Seconds allowed for an audit to find a bad settlement and a member to propose the slash.
    uint64 public immutable auditWindowSeconds;
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
    /// @notice The governor counts time in blocks: its delays cannot be compared with timestamps.
    error GovernorClockNotTimestamp(string clockMode);
    /// @notice An audit window of zero: a slash proposed at the unbonding request could not execute in time.
    error ZeroAuditWindow();
    /// @notice The owner given is not the governor's timelock: slashing would bypass governance.
    error OwnerNotGovernorTimelock(address owner, address timelock);
    /// @notice Ownership follows the governor's timelock; it cannot be transferred or renounced.
    error OwnershipFollowsGovernor();

    /// @param owner_ The governor's timelock (checked): sole slasher and setter of the minimum bond.
    /// @param treasury_ Receives slashed funds.
    /// @param governor_ The governor whose voting delay, voting period and timelock delay unbonding waits out.
    /// @param minBond_ Minimum bond in wei of native OPEN.
    /// @param auditWindowSeconds_ Unbonding beyond governance latency: time to audit and propose a slash.
    constructor(
        address owner_,
        address treasury_,
        ITimelockedGovernor governor_,
        uint256 minBond_,
        uint64 auditWindowSeconds_
    ) Ownable(owner_) {
        if (treasury_ == address(0) || address(governor_) == address(0)) revert ZeroAddress();
        if (auditWindowSeconds_ == 0) revert ZeroAuditWindow();
        string memory clockMode = governor_.CLOCK_MODE();
        if (keccak256(bytes(clockMode)) != keccak256("mode=timestamp")) revert GovernorClockNotTimestamp(clockMode);
        address timelock = governor_.timelock();
        if (owner_ != timelock) revert OwnerNotGovernorTimelock(owner_, timelock);
        treasury = treasury_;
        governor = governor_;
        auditWindowSeconds = auditWindowSeconds_;
        minBond = minBond_;
        emit MinBondUpdated(0, minBond_);
    }

    /// @notice Seconds from proposing a slash to the earliest time it can execute: voting delay,
    ///         voting period and timelock delay, as the governor and its timelock report them now.
    function governanceLatencySeconds() public view returns (uint256) {
        return governor.votingDelay() + governor.votingPeriod() + IMinDelay(governor.timelock()).getMinDelay();
    }

    /// @notice Seconds between requestUnbond and withdraw: the audit window, governance latency and
    ///         the execution margin.
    function unbondingDelaySeconds() public view returns (uint256) {
        return auditWindowSeconds + governanceLatencySeconds() + EXECUTION_MARGIN_SECONDS;
    }

    /// @notice The governor's current timelock: the only account that slashes or sets the minimum
    ///         bond, read live so a governor moving to a new timelock keeps its power to slash.
    function owner() public view override returns (address) {
        return governor.timelock();
    }

    /// @notice Always reverts: ownership follows the governor's timelock.
    function transferOwnership(address) public pure override {
        revert OwnershipFollowsGovernor();
    }

    /// @notice Always reverts: ownership follows the governor's timelock.
    function renounceOwnership() public pure override {
        revert OwnershipFollowsGovernor();
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
        uint64 availableAt = SafeCast.toUint64(block.timestamp + unbondingDelaySeconds());
        v.availableAt = availableAt;
        v.requestedAt = SafeCast.toUint64(block.timestamp);
        emit ValidatorUnbonding(msg.sender, amount, availableAt);
    }

    /// @notice Pays out everything unbonding once the delay has passed, the delay as governance
    ///         latency is now if that is longer than at the request.
    function withdraw() external nonReentrant {
        Validator storage v = validators[msg.sender];
        uint256 amount = v.unbonding;
        if (amount == 0) revert NothingToWithdraw();
        uint256 live = v.requestedAt + unbondingDelaySeconds();
        uint64 availableAt = live > v.availableAt ? SafeCast.toUint64(live) : v.availableAt;
        if (block.timestamp < availableAt) revert UnbondingNotReady(availableAt);
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
