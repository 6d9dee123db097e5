// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {expWad} from "./lib/WadExp.sol";
import {IStaking, Stake, StakeConfig, UnstakeRequest} from "./StakingTypes.sol";

/**
 * @title Staking
 * @notice Config-based staking, after OpenLedger's published `openledger-staking`: a trusted
 *         bank defines staking products (configs); users stake the config's token into the
 *         bank, may top up, request to unstake, and after the cooldown (and the lock period)
 *         get principal plus continuously compounded interest back from the bank.
 * @dev Event-compatible with the published contract (Staked, ToppedUp, Unstaked,
 *      RequestUnstake, ConfigSet, ConfigCreated, CommitStake: same types and indexed flags).
 *      Differences, on purpose: OZ AccessControl (role TRUSTED_BANK) instead of Solady
 *      OwnableRoles; inclusive min/max bounds; per-recipient totals kept consistent across
 *      top-ups and unstakes; the commitment digest encodes its fields in the declared order;
 *      a config's bank never changes (it holds the open positions).
 */
contract Staking is IStaking, AccessControl, EIP712, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Role allowed to create configs (it becomes the config's bank).
    bytes32 public constant TRUSTED_BANK = keccak256("TRUSTED_BANK");
    /// @notice EIP-712 type of a manager-signed commitment to an off-chain stake.
    bytes32 public constant STAKE_TYPEHASH =
        keccak256("Stake(address recipient,uint256 configId,uint256 amount,uint256 startTime,uint256 nonce)");

    /// @notice Open positions by id.
    mapping(uint256 => Stake) public stakes;
    /// @notice Unopened commitments (manager signatures) by the stake id they reserved.
    mapping(uint256 => bytes) public stakeCommitments;
    /// @notice Id the next stake or commitment gets.
    uint256 public nextStakeId;
    /// @notice Positions waiting out their cooldown, by stake id.
    mapping(uint256 => UnstakeRequest) public unstakeRequests;
    /// @notice Stake configs by id.
    mapping(uint256 => StakeConfig) public configs;
    /// @notice Amount each recipient has in open positions per config (principal + interest as of
    ///         each position's last accrual); bounded by the config's min/max.
    mapping(uint256 => mapping(address => uint256)) public stakedAmounts;
    /// @notice Commitment signatures already used.
    mapping(bytes32 => bool) public replayGuard;

    /// @notice A position was opened.
    event Staked(uint256 indexed stakingId, address indexed recipient, uint256 indexed amount);
    /// @notice `amount` was added to a position (its accrued interest is folded in too).
    event ToppedUp(uint256 indexed stakingId, address indexed recipient, uint256 amount);
    /// @notice A position was paid out and closed.
    event Unstaked(uint256 indexed stakingId, address indexed recipient);
    /// @notice A position entered its cooldown.
    event RequestUnstake(uint256 indexed stakingId, address indexed recipient);
    /// @notice An existing config was updated by its bank.
    event ConfigSet(uint256 indexed configId);
    /// @notice A config was created.
    event ConfigCreated(uint256 indexed configId);
    /// @notice A manager-signed commitment reserved `stakingId`.
    event CommitStake(uint256 indexed stakingId, bytes commitment);

    /// @notice The config is inactive or not public, or top-ups are disabled for it.
    error InactiveConfigOrInvalidSender();
    /// @notice No open position (or commitment) with that id.
    error StakeNotFound();
    /// @notice No pending unstake request with that id.
    error UnstakeRequestNotFound();
    /// @notice The cooldown has not passed; unstaking opens at `readyAt`.
    error CooldownNotPassed(uint256 readyAt);
    /// @notice Amount must be greater than zero.
    error ZeroAmount();
    /// @notice The lock period has not ended; it ends at `endsAt`.
    error StakeNotEnded(uint256 endsAt);
    /// @notice The lock period has ended, so the position can no longer be topped up.
    error StakeEnded();
    /// @notice The recipient's total in the config would exceed its maxStake.
    error StakeAmountExceeded(uint256 total, uint256 maxStake);
    /// @notice The recipient's total in the config would be below its minStake.
    error StakeAmountTooSmall(uint256 total, uint256 minStake);
    /// @notice The caller is not the position's recipient.
    error MismatchedRecipient();
    /// @notice The commitment was not signed by the config's manager.
    error InvalidCommitment();
    /// @notice This commitment signature was already submitted.
    error SignatureReplayed();
    /// @notice Only the bank that created config `configId` may change it.
    error NotConfigBank(uint256 configId, address bank);
    /// @notice The config has no token, or minStake > maxStake.
    error InvalidConfig();
    /// @notice Stakes need a recipient.
    error ZeroRecipient();

    /// @param admin Gets DEFAULT_ADMIN_ROLE: grants TRUSTED_BANK to banks (the timelock, in production).
    constructor(address admin) EIP712("Staking", "1") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ─── Admin ──────────────────────────────────────────────────────────────────────────

    /// @notice Creates config `configId` with the caller as its bank, or updates it if the caller
    ///         is already its bank. The `bank` field of `config` is ignored: it is always the caller.
    /// @param configId Any unused id to create; an existing one to update.
    /// @param config The parameters (see StakeConfig).
    function setConfig(uint256 configId, StakeConfig calldata config) external onlyRole(TRUSTED_BANK) {
        if (config.token == address(0) || config.minStake > config.maxStake) revert InvalidConfig();
        address bank = configs[configId].bank;
        if (bank != address(0) && bank != msg.sender) revert NotConfigBank(configId, bank);
        StakeConfig memory next = config;
        next.bank = msg.sender;
        configs[configId] = next;
        if (bank == address(0)) emit ConfigCreated(configId);
        else emit ConfigSet(configId);
    }

    // ─── Users ──────────────────────────────────────────────────────────────────────────

    /// @notice Stakes `amount` of the config's token from the caller into the config's bank, in a
    ///         new position owned by `onBehalfOf`. The caller must have approved this contract.
    /// @return stakingId Id of the new position.
    function stake(uint256 configId, address onBehalfOf, uint256 amount)
        external
        nonReentrant
        returns (uint256 stakingId)
    {
        if (amount == 0) revert ZeroAmount();
        if (onBehalfOf == address(0)) revert ZeroRecipient();
        StakeConfig memory config = configs[configId];
        if (!config.isActive || !config.isPublic) revert InactiveConfigOrInvalidSender();
        _addToTotal(configId, onBehalfOf, amount, config);

        stakingId = nextStakeId++;
        stakes[stakingId] = Stake({
            recipient: onBehalfOf,
            configId: configId,
            updatedAt: block.timestamp,
            amount: amount,
            startTime: block.timestamp
        });
        emit Staked(stakingId, onBehalfOf, amount);
        IERC20(config.token).safeTransferFrom(msg.sender, config.bank, amount);
    }

    /// @notice Adds `amount` to the caller's position: accrued interest is folded into the
    ///         principal and the lock period restarts (published semantics).
    function topUpStake(uint256 stakingId, uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        Stake memory s = stakes[stakingId];
        if (s.amount == 0) revert StakeNotFound();
        if (s.recipient != msg.sender) revert MismatchedRecipient();
        StakeConfig memory config = configs[s.configId];
        if (!config.isActive || !config.isTopupEnabled) revert InactiveConfigOrInvalidSender();
        if (s.startTime + config.stakeDuration <= block.timestamp) revert StakeEnded();

        uint256 accruedAmount = calculateAmount(s);
        _addToTotal(s.configId, s.recipient, accruedAmount - s.amount + amount, config);
        s.amount = accruedAmount + amount;
        s.startTime = block.timestamp;
        s.updatedAt = block.timestamp;
        stakes[stakingId] = s;
        emit ToppedUp(stakingId, s.recipient, amount);
        IERC20(config.token).safeTransferFrom(msg.sender, config.bank, amount);
    }

    /// @notice Reserves a stake id for a manager-signed commitment (an off-chain stake held by
    ///         the bank), to be opened by its recipient with requestUnstakeWithCommitment.
    /// @param permit The manager's EIP-712 signature over the Stake commitment.
    /// @return stakingId The reserved id.
    function commitStake(bytes calldata permit) external returns (uint256 stakingId) {
        bytes32 digest = keccak256(permit);
        if (replayGuard[digest]) revert SignatureReplayed();
        replayGuard[digest] = true;
        stakingId = nextStakeId++;
        stakeCommitments[stakingId] = permit;
        emit CommitStake(stakingId, permit);
    }

    /// @notice Opens a committed stake for the caller (who must be the signed recipient) and
    ///         requests its unstake at once.
    function requestUnstakeWithCommitment(
        uint256 stakingId,
        uint256 configId,
        uint256 startTime,
        uint256 nonce,
        uint256 amount
    ) external nonReentrant {
        bytes memory commitment = stakeCommitments[stakingId];
        if (commitment.length == 0) revert StakeNotFound();
        if (amount == 0) revert ZeroAmount();
        bytes32 digest =
            _hashTypedDataV4(keccak256(abi.encode(STAKE_TYPEHASH, msg.sender, configId, amount, startTime, nonce)));
        (address signer,,) = ECDSA.tryRecover(digest, commitment);
        if (signer == address(0) || signer != configs[configId].manager) revert InvalidCommitment();

        delete stakeCommitments[stakingId];
        stakedAmounts[configId][msg.sender] += amount;
        Stake memory s =
            Stake({recipient: msg.sender, configId: configId, updatedAt: startTime, amount: amount, startTime: startTime});
        _requestUnstake(stakingId, s);
    }

    /// @notice Stops the caller's position from accruing and starts its cooldown; with no
    ///         cooldown it pays out at once (which needs the lock period to have ended).
    function requestUnstake(uint256 stakingId) external nonReentrant {
        Stake memory s = stakes[stakingId];
        if (s.amount == 0) revert StakeNotFound();
        if (s.recipient != msg.sender) revert MismatchedRecipient();
        delete stakes[stakingId];
        _requestUnstake(stakingId, s);
    }

    /// @notice Pays out a position whose cooldown has passed and whose lock period has ended:
    ///         principal plus interest, from the config's bank to the recipient.
    function unstake(uint256 stakingId) external nonReentrant {
        UnstakeRequest memory request = unstakeRequests[stakingId];
        if (request.requestAt == 0) revert UnstakeRequestNotFound();
        if (request.stake.recipient != msg.sender) revert MismatchedRecipient();
        StakeConfig memory config = configs[request.stake.configId];
        uint256 readyAt = request.requestAt + config.cooldownDuration;
        if (block.timestamp < readyAt) revert CooldownNotPassed(readyAt);
        delete unstakeRequests[stakingId];
        _payOut(stakingId, request.stake, config);
    }

    // ─── Views ──────────────────────────────────────────────────────────────────────────

    /// @notice `s` with its interest accrued up to now.
    function accrued(Stake memory s) public view returns (Stake memory) {
        s.amount = calculateAmount(s);
        s.updatedAt = block.timestamp;
        return s;
    }

    /// @notice Principal plus interest of `s` now: amount * e^(rate * t), with t the years
    ///         (365 days) since `updatedAt`, capped at the config's stakeDuration (uncapped when
    ///         0), and rate the config's wad yearly rate. Rounded down. Same formula as the
    ///         published contract (Solady expWad there, lib/WadExp.sol here).
    function calculateAmount(Stake memory s) public view returns (uint256) {
        StakeConfig memory config = configs[s.configId];
        uint256 elapsed = block.timestamp - s.updatedAt;
        if (config.stakeDuration != 0 && elapsed > config.stakeDuration) elapsed = config.stakeDuration;
        uint256 yearsWad = (elapsed * 1e18) / 365 days;
        uint256 growthWad = expWad((yearsWad * config.interestRate) / 1e18);
        return (s.amount * growthWad) / 1e18;
    }

    // ─── Internal ───────────────────────────────────────────────────────────────────────

    /// @dev Accrues `s`, takes it out of the recipient's open total, then pays it out at once
    ///      (no cooldown) or parks it in an unstake request.
    function _requestUnstake(uint256 stakingId, Stake memory s) internal {
        stakedAmounts[s.configId][s.recipient] -= s.amount;
        s = accrued(s);
        StakeConfig memory config = configs[s.configId];
        if (config.cooldownDuration == 0) {
            _payOut(stakingId, s, config);
        } else {
            unstakeRequests[stakingId] = UnstakeRequest({requestAt: block.timestamp, stake: s});
            emit RequestUnstake(stakingId, s.recipient);
        }
    }

    function _payOut(uint256 stakingId, Stake memory s, StakeConfig memory config) internal {
        uint256 endsAt = s.startTime + config.stakeDuration;
        if (block.timestamp < endsAt) revert StakeNotEnded(endsAt);
        emit Unstaked(stakingId, s.recipient);
        IERC20(config.token).safeTransferFrom(config.bank, s.recipient, s.amount);
    }

    /// @dev Adds `delta` to the recipient's total in the config and enforces min/max (inclusive).
    function _addToTotal(uint256 configId, address recipient, uint256 delta, StakeConfig memory config) internal {
        uint256 total = stakedAmounts[configId][recipient] + delta;
        if (total < config.minStake) revert StakeAmountTooSmall(total, config.minStake);
        if (total > config.maxStake) revert StakeAmountExceeded(total, config.maxStake);
        stakedAmounts[configId][recipient] = total;
    }
}
