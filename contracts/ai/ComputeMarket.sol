// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {InferenceRouter} from "./InferenceRouter.sol";
import {ModelRegistry} from "./ModelRegistry.sol";

/// @title ComputeMarket
/// @notice Inference served by bonded compute providers. A provider bonds native OPEN for a model
///         (at least the governed minimum) and may then be assigned requests for it. A payer pays the
///         model's price here, naming the provider; the fee is escrowed with a deadline (a block
///         number, the governed window after the request). The provider fulfils before the deadline:
///         the market requests and fulfils the inference on the InferenceRouter with the fee in the
///         same transaction, so attribution and settlement by the oracles are unchanged. After the
///         deadline anyone may claim the request missed: the payer gets the whole fee back and the
///         provider's bond for that model loses the slash amount in force at the request (never more
///         than its bond), which goes to the treasury.
/// @dev Payments use a bounded gas stipend and never revert: a recipient that rejects native OPEN is
///      credited in `owed` and withdraws later, so no payer or treasury can block a claim.
contract ComputeMarket is Ownable, ReentrancyGuardTransient {
    /// @notice Gas forwarded with each payment: enough for a smart-wallet receive, too little to grief.
    uint256 public constant PAYOUT_GAS = 50_000;

    enum RequestStatus {
        None,
        Requested,
        Fulfilled,
        Missed
    }

    /// @notice One request: who pays, who serves, the escrowed fee and the terms fixed at the request.
    struct Request {
        uint256 modelId;
        address payer;
        uint64 deadlineBlock;
        RequestStatus status;
        address provider;
        uint256 fee;
        uint256 slashAmount;
        bytes32 inputHash;
    }

    /// @notice A provider's stake for one model. `capacity`: the most requests it accepts open at
    ///         once (0: no limit), so a flood of requests cannot force more misses than it chose to risk.
    struct Position {
        uint256 bonded;
        uint256 unbonding;
        uint64 unbondingAvailableAt;
        uint64 openRequests;
        uint64 capacity;
    }

    ModelRegistry public immutable models;
    InferenceRouter public immutable router;
    /// @notice Receives slashed bonds.
    address public immutable treasury;
    /// @notice Blocks between requestUnbond and withdraw.
    uint64 public immutable unbondingDelayBlocks;

    /// @notice Bond for one model at or above which a provider may be assigned requests. Governed.
    uint256 public minBond;
    /// @notice Blocks after the request within which the provider must fulfil (deadline inclusive). Governed.
    uint64 public deadlineBlocks;
    /// @notice Taken from the provider's bond for a missed request (at most the bond). Governed.
    uint256 public slashAmount;

    uint256 public requestCount;
    mapping(uint256 requestId => Request) private _requests;
    mapping(address provider => mapping(uint256 modelId => Position)) private _positions;
    /// @notice Native OPEN owed to recipients whose payment failed.
    mapping(address recipient => uint256) public owed;
    /// @notice Sum of `owed`.
    uint256 public totalOwed;
    /// @notice Sum of every position's bonded plus unbonding stake.
    uint256 public totalStaked;
    /// @notice Sum of the fees escrowed for open requests.
    uint256 public totalEscrowed;

    event ComputeParametersUpdated(uint256 minBond, uint64 deadlineBlocks, uint256 slashAmount);
    event ProviderBonded(address indexed provider, uint256 indexed modelId, uint256 amount, uint256 bonded);
    event ProviderUnbonding(
        address indexed provider, uint256 indexed modelId, uint256 amount, uint64 availableAtBlock
    );
    event ProviderWithdrawn(address indexed provider, uint256 indexed modelId, uint256 amount);
    event ProviderCapacitySet(address indexed provider, uint256 indexed modelId, uint64 capacity);
    event ComputeRequested(
        uint256 indexed requestId,
        uint256 indexed modelId,
        address indexed provider,
        address payer,
        bytes32 inputHash,
        uint256 fee,
        uint64 deadlineBlock,
        uint256 slashAmount
    );
    /// @dev topUp: paid by the provider when the model's price rose since the request; refund: the
    ///      part of the fee returned to the payer when it fell. fee + topUp == price + refund.
    event ComputeFulfilled(
        uint256 indexed requestId,
        uint256 indexed inferenceId,
        address indexed provider,
        uint256 modelId,
        bytes32 outputHash,
        uint256 topUp,
        uint256 refund
    );
    /// @dev refund == the fee, back to the payer; slashed goes to the treasury.
    event ComputeMissed(
        uint256 indexed requestId,
        address indexed provider,
        address indexed payer,
        uint256 modelId,
        uint256 refund,
        uint256 slashed
    );
    event PaymentDeferred(address indexed recipient, uint256 amount);
    event OwedWithdrawn(address indexed recipient, address indexed to, uint256 amount);

    error ZeroAddress();
    error ZeroAmount();
    /// @notice minBond of zero: a provider with nothing at stake would count as bonded.
    error ZeroMinBond();
    /// @notice A deadline window of zero blocks: no request could be fulfilled.
    error ZeroDeadlineWindow();
    error ZeroUnbondingDelay();
    error UnknownModel(uint256 modelId);
    /// @notice The bond after this deposit is still under the minimum.
    error BondBelowMinimum(uint256 bonded, uint256 minBond);
    error InsufficientBond(uint256 bonded, uint256 requested);
    error NothingToWithdraw();
    error UnbondingNotReady(uint64 availableAtBlock);
    /// @notice The provider still has requests it may miss: its stake stays until they close.
    error OpenRequestsPending(uint64 openRequests);
    error WrongFee(uint256 expected, uint256 sent);
    /// @notice The provider's bond for the model is under the minimum.
    error ProviderNotActive(address provider, uint256 modelId);
    /// @notice The provider already has as many open requests for the model as its capacity.
    error ProviderAtCapacity(address provider, uint256 modelId, uint64 capacity);
    error RequestNotFound(uint256 requestId);
    error RequestNotOpen(uint256 requestId);
    error NotAssignedProvider(uint256 requestId, address account);
    error DeadlinePassed(uint256 requestId, uint64 deadlineBlock);
    error DeadlineNotPassed(uint256 requestId, uint64 deadlineBlock);
    error ZeroOutputHash();
    /// @notice The model's price changed: the provider must pay exactly the rise (or nothing on a fall).
    error WrongTopUp(uint256 expected, uint256 sent);
    error NothingOwed();
    error TransferFailed(address to, uint256 amount);

    /// @param owner_ The timelock: sole setter of the parameters.
    /// @param treasury_ Receives slashed bonds.
    constructor(
        address owner_,
        ModelRegistry models_,
        InferenceRouter router_,
        address treasury_,
        uint64 unbondingDelayBlocks_,
        uint256 minBond_,
        uint64 deadlineBlocks_,
        uint256 slashAmount_
    ) Ownable(owner_) {
        if (address(models_) == address(0) || address(router_) == address(0) || treasury_ == address(0)) {
            revert ZeroAddress();
        }
        if (unbondingDelayBlocks_ == 0) revert ZeroUnbondingDelay();
        models = models_;
        router = router_;
        treasury = treasury_;
        unbondingDelayBlocks = unbondingDelayBlocks_;
        _setParameters(minBond_, deadlineBlocks_, slashAmount_);
    }

    /// @notice Replaces the governed parameters. Only the owner (timelock). Open requests keep the
    ///         deadline and slash amount they were made with.
    function setParameters(uint256 minBond_, uint64 deadlineBlocks_, uint256 slashAmount_) external onlyOwner {
        _setParameters(minBond_, deadlineBlocks_, slashAmount_);
    }

    /// @notice Adds msg.value to the caller's bond for `modelId`; the bond must reach the minimum.
    function bond(uint256 modelId) external payable {
        if (msg.value == 0) revert ZeroAmount();
        if (!models.exists(modelId)) revert UnknownModel(modelId);
        Position storage p = _positions[msg.sender][modelId];
        uint256 bonded = p.bonded + msg.value;
        if (bonded < minBond) revert BondBelowMinimum(bonded, minBond);
        p.bonded = bonded;
        totalStaked += msg.value;
        emit ProviderBonded(msg.sender, modelId, msg.value, bonded);
    }

    /// @notice Sets the most requests for `modelId` the caller accepts open at once (0: no limit).
    ///         Requests already open stay open.
    function setCapacity(uint256 modelId, uint64 capacity) external {
        _positions[msg.sender][modelId].capacity = capacity;
        emit ProviderCapacitySet(msg.sender, modelId, capacity);
    }

    /// @notice Moves `amount` of the caller's bond for `modelId` to unbonding; restarts the delay for
    ///         everything unbonding. Unbonding stake stays slashable.
    function requestUnbond(uint256 modelId, uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Position storage p = _positions[msg.sender][modelId];
        if (amount > p.bonded) revert InsufficientBond(p.bonded, amount);
        p.bonded -= amount;
        p.unbonding += amount;
        uint64 availableAt = SafeCast.toUint64(block.number + unbondingDelayBlocks);
        p.unbondingAvailableAt = availableAt;
        emit ProviderUnbonding(msg.sender, modelId, amount, availableAt);
    }

    /// @notice Pays out everything unbonding for `modelId` once the delay has passed and no request
    ///         assigned to the caller for that model is still open.
    function withdraw(uint256 modelId) external nonReentrant {
        Position storage p = _positions[msg.sender][modelId];
        uint256 amount = p.unbonding;
        if (amount == 0) revert NothingToWithdraw();
        if (block.number < p.unbondingAvailableAt) revert UnbondingNotReady(p.unbondingAvailableAt);
        if (p.openRequests != 0) revert OpenRequestsPending(p.openRequests);
        p.unbonding = 0;
        p.unbondingAvailableAt = 0;
        totalStaked -= amount;
        emit ProviderWithdrawn(msg.sender, modelId, amount);
        (bool ok,) = payable(msg.sender).call{value: amount}("");
        if (!ok) revert TransferFailed(msg.sender, amount);
    }

    /// @notice Pays the model's price for one inference by `provider`, which must be bonded for it.
    /// @param inputHash Hash of the (off-chain) input.
    function request(uint256 modelId, bytes32 inputHash, address provider)
        external
        payable
        returns (uint256 requestId)
    {
        if (!models.exists(modelId)) revert UnknownModel(modelId);
        (uint256 price,) = models.modelInfo(modelId);
        if (msg.value != price) revert WrongFee(price, msg.value);
        Position storage p = _positions[provider][modelId];
        if (p.bonded < minBond) revert ProviderNotActive(provider, modelId);
        if (p.capacity != 0 && p.openRequests >= p.capacity) revert ProviderAtCapacity(provider, modelId, p.capacity);
        uint64 deadline = SafeCast.toUint64(block.number + deadlineBlocks);
        requestId = ++requestCount;
        _requests[requestId] = Request({
            modelId: modelId,
            payer: msg.sender,
            deadlineBlock: deadline,
            status: RequestStatus.Requested,
            provider: provider,
            fee: msg.value,
            slashAmount: slashAmount,
            inputHash: inputHash
        });
        p.openRequests += 1;
        totalEscrowed += msg.value;
        emit ComputeRequested(requestId, modelId, provider, msg.sender, inputHash, msg.value, deadline, slashAmount);
    }

    /// @notice The assigned provider posts the output by the deadline (inclusive): the market pays the
    ///         router the model's current price and fulfils the inference there. If the price rose
    ///         since the request, msg.value must be exactly the rise; if it fell, the difference goes
    ///         back to the payer.
    function fulfil(uint256 requestId, bytes32 outputHash) external payable nonReentrant returns (uint256 inferenceId) {
        Request storage r = _open(requestId);
        if (r.provider != msg.sender) revert NotAssignedProvider(requestId, msg.sender);
        if (block.number > r.deadlineBlock) revert DeadlinePassed(requestId, r.deadlineBlock);
        if (outputHash == bytes32(0)) revert ZeroOutputHash();
        (uint256 price,) = models.modelInfo(r.modelId);
        uint256 fee = r.fee;
        uint256 topUp = price > fee ? price - fee : 0;
        if (msg.value != topUp) revert WrongTopUp(topUp, msg.value);
        uint256 refund = fee > price ? fee - price : 0;
        r.status = RequestStatus.Fulfilled;
        _positions[msg.sender][r.modelId].openRequests -= 1;
        totalEscrowed -= fee;
        inferenceId = router.request{value: price}(r.modelId, r.inputHash);
        router.fulfil(inferenceId, outputHash);
        emit ComputeFulfilled(requestId, inferenceId, msg.sender, r.modelId, outputHash, topUp, refund);
        _pay(r.payer, refund);
    }

    /// @notice After the deadline, anyone closes an unfulfilled request: the payer gets the fee back,
    ///         the provider's bond for the model (bonded first, then unbonding) loses the request's
    ///         slash amount, at most what it holds, to the treasury.
    function claimMissed(uint256 requestId) external nonReentrant {
        Request storage r = _open(requestId);
        if (block.number <= r.deadlineBlock) revert DeadlineNotPassed(requestId, r.deadlineBlock);
        r.status = RequestStatus.Missed;
        Position storage p = _positions[r.provider][r.modelId];
        p.openRequests -= 1;
        uint256 stake = p.bonded + p.unbonding;
        uint256 slashed = r.slashAmount < stake ? r.slashAmount : stake;
        uint256 fromBonded = slashed < p.bonded ? slashed : p.bonded;
        p.bonded -= fromBonded;
        p.unbonding -= slashed - fromBonded;
        totalStaked -= slashed;
        uint256 fee = r.fee;
        totalEscrowed -= fee;
        emit ComputeMissed(requestId, r.provider, r.payer, r.modelId, fee, slashed);
        _pay(r.payer, fee);
        _pay(treasury, slashed);
    }

    /// @notice Withdraws the caller's deferred payments to itself.
    function withdrawOwed() external {
        withdrawOwedTo(payable(msg.sender));
    }

    /// @notice Withdraws the caller's deferred payments to `to` (for a recipient that cannot receive native OPEN).
    function withdrawOwedTo(address payable to) public nonReentrant {
        uint256 amount = owed[msg.sender];
        if (amount == 0) revert NothingOwed();
        owed[msg.sender] = 0;
        totalOwed -= amount;
        emit OwedWithdrawn(msg.sender, to, amount);
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert TransferFailed(to, amount);
    }

    /// @notice The full record of a request.
    function requestOf(uint256 requestId) external view returns (Request memory) {
        return _requests[requestId];
    }

    /// @notice A provider's stake and open requests for one model.
    function positionOf(address provider, uint256 modelId) external view returns (Position memory) {
        return _positions[provider][modelId];
    }

    /// @notice True if the provider may be assigned requests for the model.
    function isActive(address provider, uint256 modelId) external view returns (bool) {
        return _positions[provider][modelId].bonded >= minBond;
    }

    // ---------------------------------------------------------------- internal

    function _setParameters(uint256 minBond_, uint64 deadlineBlocks_, uint256 slashAmount_) private {
        if (minBond_ == 0) revert ZeroMinBond();
        if (deadlineBlocks_ == 0) revert ZeroDeadlineWindow();
        minBond = minBond_;
        deadlineBlocks = deadlineBlocks_;
        slashAmount = slashAmount_;
        emit ComputeParametersUpdated(minBond_, deadlineBlocks_, slashAmount_);
    }

    function _open(uint256 requestId) private view returns (Request storage r) {
        r = _requests[requestId];
        if (r.status == RequestStatus.None) revert RequestNotFound(requestId);
        if (r.status != RequestStatus.Requested) revert RequestNotOpen(requestId);
    }

    /// @dev Pays with a bounded gas stipend and without copying return data (no return bomb); on
    ///      failure credits `owed` instead of reverting, so one bad recipient cannot block a claim.
    function _pay(address to, uint256 amount) private {
        if (amount == 0) return;
        bool ok;
        uint256 gasLimit = PAYOUT_GAS;
        assembly ("memory-safe") {
            ok := call(gasLimit, to, amount, 0, 0, 0, 0)
        }
        if (!ok) {
            owed[to] += amount;
            totalOwed += amount;
            emit PaymentDeferred(to, amount);
        }
    }
}
