// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @notice The router and registry calls a share token forwards for its operator.
interface IShareRouter {
    function fulfil(uint256 inferenceId, bytes32 outputHash) external;
    function withdrawOwed() external;
}

/// @notice The model registry calls a share token forwards for its operator.
interface IShareModels {
    function setPrice(uint256 modelId, uint256 pricePerInference) external;
    function publishVersion(
        uint256 modelId,
        bytes32 artifactHash,
        string calldata attributionMethod,
        uint256[] calldata datanetIds,
        uint32[] calldata datanetVersions
    ) external returns (uint32 version);
}

/// @title ModelShareToken
/// @notice A model's owner revenue as an ERC-20: the token owns the model NFT (so the router pays
///         the model owner's share here, in native OPEN), its fixed supply was minted once to the
///         owner who tokenized it, and every wei received is owed to holders pro rata to their
///         balance at the time it arrived (cumulative-dividend pattern), claimable at any time.
/// @dev Accounting, all in units of 2^-128 wei ("magnified"): `magnifiedDividendPerShare` grows by
///      `(amount * MAGNITUDE + remainder) / SUPPLY` per payment and the division's remainder is
///      carried to the next payment, so `magnifiedDividendPerShare * SUPPLY + remainder ==
///      totalReceived * MAGNITUDE` always. A holder's accumulated dividend is
///      `magnifiedDividendPerShare * balance + correction` (a transfer moves `mps * value` of
///      correction from sender to receiver, so a transfer moves no past dividend), and the sum of
///      all corrections is zero: received = claimed + sum(claimable) + sum(fractional wei) +
///      remainder / MAGNITUDE, exactly. `receive` stays under the router's 50,000-gas stipend: the
///      supply is immutable and the packed accumulator slot is never zero after construction.
///      The model NFT is locked here for good: there is no redemption (it would need every share).
contract ModelShareToken is ERC20, ReentrancyGuard {
    /// @notice 2^128: dividend per share is kept in units of 2^-128 wei.
    uint256 public constant MAGNITUDE = 2 ** 128;

    /// @notice The model this token holds.
    uint256 public immutable modelId;
    /// @notice Fixed supply, minted once to the tokenizing owner.
    uint256 public immutable SUPPLY;
    /// @notice Factory that created this token.
    address public immutable factory;
    IShareModels private immutable _models;
    IShareRouter private immutable _router;

    /// @notice Who may forward the model owner's duties (fulfil, price, versions); not a holder right.
    address public operator;
    /// @notice Accumulated dividend per share, in 2^-128 wei.
    uint256 public magnifiedDividendPerShare;

    struct Accumulator {
        uint128 totalReceived;
        uint120 remainder; // < SUPPLY <= 2^112
        uint8 initialized; // 1 from construction: keeps the slot non-zero (cheap first write)
    }

    Accumulator private _acc;
    /// @notice Native OPEN paid out to holders so far.
    uint256 public totalClaimed;
    mapping(address => int256) private _corrections;
    mapping(address => uint256) private _withdrawn;

    /// @notice `amount` native OPEN arrived from `from`; `magnifiedDividendPerShare` after it.
    event RevenueReceived(address indexed from, uint256 amount, uint256 magnifiedDividendPerShare);
    /// @notice `holder` claimed `amount` of dividends, paid to `to`.
    event DividendClaimed(address indexed holder, address indexed to, uint256 amount);
    /// @notice The operator changed.
    event OperatorChanged(address indexed previousOperator, address indexed newOperator);

    error NotOperator(address account);
    error ZeroAddress();
    error NothingToClaim(address holder);
    error TransferFailed(address to, uint256 amount);
    error InvalidSupply(uint256 supply);

    constructor(
        string memory name_,
        string memory symbol_,
        uint256 supply,
        address owner_,
        uint256 modelId_,
        address models_,
        address router_
    ) ERC20(name_, symbol_) {
        if (supply == 0 || supply > type(uint112).max) revert InvalidSupply(supply);
        if (owner_ == address(0) || models_ == address(0) || router_ == address(0)) revert ZeroAddress();
        SUPPLY = supply;
        modelId = modelId_;
        factory = msg.sender;
        _models = IShareModels(models_);
        _router = IShareRouter(router_);
        operator = owner_;
        _acc.initialized = 1;
        _mint(owner_, supply);
        emit OperatorChanged(address(0), owner_);
    }

    /// @notice Revenue: every wei sent here is distributed to the holders of the moment. Never reverts.
    receive() external payable {
        uint256 amount = msg.value;
        if (amount == 0) return;
        Accumulator memory acc = _acc;
        uint256 magnified = amount * MAGNITUDE + acc.remainder;
        uint256 mps = magnifiedDividendPerShare + magnified / SUPPLY;
        magnifiedDividendPerShare = mps;
        _acc = Accumulator(SafeCast.toUint128(acc.totalReceived + amount), uint120(magnified % SUPPLY), 1);
        emit RevenueReceived(msg.sender, amount, mps);
    }

    // ------------------------------------------------------------------ holders

    /// @notice Pays the caller's claimable dividend to the caller.
    function claim() external returns (uint256) {
        return claimTo(payable(msg.sender));
    }

    /// @notice Pays the caller's claimable dividend to `to` (for a holder that cannot receive native OPEN).
    function claimTo(address payable to) public nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert ZeroAddress();
        amount = withdrawableDividendOf(msg.sender);
        if (amount == 0) revert NothingToClaim(msg.sender);
        _withdrawn[msg.sender] += amount;
        totalClaimed += amount;
        emit DividendClaimed(msg.sender, to, amount);
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert TransferFailed(to, amount);
    }

    /// @notice Pulls what the router owes this token (payments it deferred) in as revenue. Anyone.
    function pullOwed() external {
        _router.withdrawOwed();
    }

    // ---------------------------------------------------------------- operator

    /// @notice Records an inference's output for the model (the router requires the model's owner).
    function fulfil(uint256 inferenceId, bytes32 outputHash) external onlyOperator {
        _router.fulfil(inferenceId, outputHash);
    }

    /// @notice Sets the model's price per inference.
    function setPrice(uint256 pricePerInference) external onlyOperator {
        _models.setPrice(modelId, pricePerInference);
    }

    /// @notice Publishes a new version of the model.
    function publishVersion(
        bytes32 artifactHash,
        string calldata attributionMethod,
        uint256[] calldata datanetIds,
        uint32[] calldata datanetVersions
    ) external onlyOperator returns (uint32) {
        return _models.publishVersion(modelId, artifactHash, attributionMethod, datanetIds, datanetVersions);
    }

    /// @notice Hands the operator role on (address(0) renounces it: the model is then frozen as is).
    function setOperator(address newOperator) external onlyOperator {
        emit OperatorChanged(operator, newOperator);
        operator = newOperator;
    }

    // ------------------------------------------------------------------- views

    /// @notice Native OPEN received since creation.
    function totalReceived() external view returns (uint256) {
        return _acc.totalReceived;
    }

    /// @notice The carried division remainder, in 2^-128 wei (< SUPPLY).
    function magnifiedRemainder() external view returns (uint256) {
        return _acc.remainder;
    }

    /// @notice Dividends `holder` may claim now, in wei.
    function withdrawableDividendOf(address holder) public view returns (uint256) {
        return accumulativeMagnifiedOf(holder) / MAGNITUDE - _withdrawn[holder];
    }

    /// @notice Dividends `holder` has claimed, in wei.
    function withdrawnDividendOf(address holder) external view returns (uint256) {
        return _withdrawn[holder];
    }

    /// @notice Everything ever accrued to `holder`, in 2^-128 wei.
    function accumulativeMagnifiedOf(address holder) public view returns (uint256) {
        return SafeCast.toUint256(
            SafeCast.toInt256(magnifiedDividendPerShare * balanceOf(holder)) + _corrections[holder]
        );
    }

    /// @notice The holder's correction, in 2^-128 wei.
    function magnifiedCorrectionOf(address holder) external view returns (int256) {
        return _corrections[holder];
    }

    // ---------------------------------------------------------------- internal

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        int256 shift = SafeCast.toInt256(magnifiedDividendPerShare * value);
        if (from != address(0)) _corrections[from] += shift;
        if (to != address(0)) _corrections[to] -= shift;
    }

    modifier onlyOperator() {
        if (msg.sender != operator) revert NotOperator(msg.sender);
        _;
    }
}
