// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {AttributionValidators} from "./AttributionValidators.sol";
import {DatanetRegistry} from "./DatanetRegistry.sol";
import {IWETH} from "./interfaces/IWETH.sol";
import {ModelRegistry} from "./ModelRegistry.sol";
import {PolicyRegistry} from "./PolicyRegistry.sol";

/// @title InferenceRouter
/// @notice Paid inference with Proof of Attribution. A caller pays the model's price in native OPEN
///         (escrowed here), the model owner posts the output hash, and a bonded attribution validator
///         settles: the fee is split by the fee policy in force at settlement between the treasury,
///         the model owner, the stakers (wrapped into WOPEN for the staking rewards bank) and the
///         data contributors, pro rata to the attribution weights. Rounding dust goes to the
///         treasury, so the payouts sum to the fee exactly.
/// @dev A recipient that rejects native OPEN (or burns the gas stipend) must not block settlement:
///      its amount is credited to `owed` and can be withdrawn later.
contract InferenceRouter is Initializable, ReentrancyGuardTransient, UUPSUpgradeable {
    /// @notice Attribution weights sum to exactly this.
    uint32 public constant PPM = 1_000_000;
    /// @notice Basis-point denominator of the fee policy.
    uint256 public constant BPS = 10_000;
    /// @notice Gas forwarded with each payout: enough for a smart-wallet receive, too little to grief.
    uint256 public constant PAYOUT_GAS = 50_000;
    /// @notice After this long unfulfilled, the caller may cancel and get the fee back.
    uint64 public constant FULFIL_TIMEOUT = 1 days;

    enum InferenceStatus {
        None,
        Requested,
        Fulfilled,
        Settled,
        Cancelled
    }

    struct Inference {
        uint256 modelId;
        address caller;
        uint32 modelVersion;
        uint64 requestedAt;
        InferenceStatus status;
        uint256 fee;
        bytes32 inputHash;
        bytes32 outputHash;
    }

    /// @dev The four policy amounts of one settlement; a struct keeps settle() off the stack limit.
    struct Split {
        uint256 protocol;
        uint256 modelOwner;
        uint256 stakers;
        uint256 pool;
        uint256 contributors;
    }

    /// @dev The levels of a lineage settlement, nearest first, with each level's payees.
    struct Levels {
        uint256[] modelIds;
        uint32[] versions;
        address[][] contributors;
    }

    ModelRegistry public models;
    DatanetRegistry public datanets;
    AttributionValidators public validators;
    PolicyRegistry public policy;
    /// @notice Receives the protocol share and the rounding dust.
    address public treasury;
    /// @notice WETH9-style wrapper of native OPEN.
    address public wopen;
    /// @notice Receives the stakers' share, in WOPEN.
    address public stakingRewardsBank;

    uint256 public inferenceCount;
    mapping(uint256 inferenceId => Inference) private _inferences;
    /// @notice Native OPEN owed to recipients whose payout transfer failed.
    mapping(address recipient => uint256) public owed;
    /// @notice Sum of `owed`: escrow held for deferred payments.
    uint256 public totalOwed;
    /// @notice The compute market, which may fulfil any inference it requested. Set by governance
    ///         (the owner of the fee policy, the timelock); zero when none.
    address public computeMarket;

    event InferenceRequested(
        uint256 indexed inferenceId,
        uint256 indexed modelId,
        address indexed caller,
        uint32 modelVersion,
        bytes32 inputHash,
        uint256 fee
    );
    event InferenceFulfilled(uint256 indexed inferenceId, bytes32 outputHash);
    event ContributionRewarded(
        uint256 indexed inferenceId,
        uint256 indexed contributionId,
        address indexed contributor,
        uint256 amount,
        uint32 weightPpm
    );
    /// @dev protocolAmount + modelOwnerAmount + stakersAmount + contributorsAmount + dust == fee;
    ///      contributorsAmount is the sum actually paid to contributors (the pool minus its dust).
    event InferenceSettled(
        uint256 indexed inferenceId,
        address indexed validator,
        uint256 protocolAmount,
        uint256 modelOwnerAmount,
        uint256 stakersAmount,
        uint256 contributorsAmount,
        uint256 dust
    );
    /// @dev One per level of a lineage settlement (level 0: the fine-tuned version itself, level L + 1:
    ///      the base of level L). `amount` reached the level (the contributors' pool at level 0, the
    ///      upstream royalty from level L - 1 otherwise), `kept` stayed there (the rest went up; the
    ///      deepest level keeps all), `paid` is the sum of its ContributionRewarded (kept - paid is dust).
    event UpstreamRoyaltyPaid(
        uint256 indexed inferenceId,
        uint8 indexed level,
        uint256 indexed modelId,
        uint32 modelVersion,
        uint256 amount,
        uint256 kept,
        uint256 paid
    );
    event InferenceCancelled(uint256 indexed inferenceId, address indexed caller, uint256 refund);
    event PaymentDeferred(address indexed recipient, uint256 amount);
    event OwedWithdrawn(address indexed recipient, address indexed to, uint256 amount);
    event ComputeMarketSet(address indexed previousMarket, address indexed newMarket);

    error ZeroAddress();
    error UnknownModel(uint256 modelId);
    error WrongFee(uint256 expected, uint256 sent);
    error InferenceNotFound(uint256 inferenceId);
    error NotModelOwner(uint256 modelId, address account);
    error NotInferenceCaller(uint256 inferenceId, address account);
    error ZeroOutputHash();
    error AlreadyFulfilled(uint256 inferenceId);
    error NotFulfilled(uint256 inferenceId);
    error AlreadySettled(uint256 inferenceId);
    error InferenceWasCancelled(uint256 inferenceId);
    error CancelTooEarly(uint64 availableAt);
    error NotActiveValidator(address account);
    error EmptyAttribution();
    error LengthMismatch(uint256 contributions, uint256 weights);
    error TooManyContributions(uint256 count, uint16 topK);
    error ZeroWeight(uint256 contributionId);
    error WeightBelowMinimum(uint256 contributionId, uint32 weightPpm, uint32 minWeightPpm);
    error WeightsSumInvalid(uint256 sumPpm);
    error DuplicateContribution(uint256 contributionId);
    /// @notice The contribution id does not exist.
    error UnknownContribution(uint256 contributionId);
    /// @notice The contribution's datanet is not one the inference's model version trained on.
    error ForeignContribution(uint256 contributionId, uint256 datanetId);
    /// @notice The contribution is not an accepted leaf of the sealed version the model trained on.
    error ContributionNotInVersion(uint256 contributionId, uint256 datanetId, uint32 datanetVersion);
    /// @notice A fine-tuned version settles only with its lineage (settleWithLineage).
    error FineTunedVersion(uint256 modelId, uint32 modelVersion);
    /// @notice A lineage settlement must give one attribution per level: the version and each base.
    error LineageLevelsMismatch(uint256 expected, uint256 got);
    error StakersTransferFailed();
    error NothingOwed();
    error TransferFailed(address to, uint256 amount);
    /// @notice Only governance (the fee policy's owner, the timelock) sets the compute market.
    error NotGovernance(address account);
    /// @notice Only governance (the fee policy's owner, the timelock) upgrades the router.
    error UpgradeNotByGovernance(address account);

    /// @dev The implementation is never initialized: only a proxy holds state.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Run once, by the proxy's constructor (so nobody can front-run it).
    function initialize(
        ModelRegistry models_,
        DatanetRegistry datanets_,
        AttributionValidators validators_,
        PolicyRegistry policy_,
        address treasury_,
        address wopen_,
        address stakingRewardsBank_
    ) external initializer {
        if (
            address(models_) == address(0) || address(datanets_) == address(0) || address(validators_) == address(0)
                || address(policy_) == address(0) || treasury_ == address(0) || wopen_ == address(0)
                || stakingRewardsBank_ == address(0)
        ) revert ZeroAddress();
        models = models_;
        datanets = datanets_;
        validators = validators_;
        policy = policy_;
        treasury = treasury_;
        wopen = wopen_;
        stakingRewardsBank = stakingRewardsBank_;
    }

    /// @notice Requests an inference of the model's current version; msg.value must equal its price.
    /// @param inputHash Hash of the (off-chain) input.
    function request(uint256 modelId, bytes32 inputHash) external payable returns (uint256 inferenceId) {
        if (!models.exists(modelId)) revert UnknownModel(modelId);
        (uint256 price, uint32 version) = models.modelInfo(modelId);
        if (msg.value != price) revert WrongFee(price, msg.value);
        inferenceId = ++inferenceCount;
        _inferences[inferenceId] = Inference({
            modelId: modelId,
            caller: msg.sender,
            modelVersion: version,
            requestedAt: uint64(block.timestamp),
            status: InferenceStatus.Requested,
            fee: msg.value,
            inputHash: inputHash,
            outputHash: bytes32(0)
        });
        emit InferenceRequested(inferenceId, modelId, msg.sender, version, inputHash, msg.value);
    }

    /// @notice Records the output hash. Only the model's current owner (or the compute market, for an
    ///         inference it requested), once.
    function fulfil(uint256 inferenceId, bytes32 outputHash) external {
        Inference storage inf = _get(inferenceId);
        if (models.ownerOf(inf.modelId) != msg.sender && (msg.sender != computeMarket || msg.sender != inf.caller)) {
            revert NotModelOwner(inf.modelId, msg.sender);
        }
        if (outputHash == bytes32(0)) revert ZeroOutputHash();
        if (inf.status == InferenceStatus.Cancelled) revert InferenceWasCancelled(inferenceId);
        if (inf.status != InferenceStatus.Requested) revert AlreadyFulfilled(inferenceId);
        inf.status = InferenceStatus.Fulfilled;
        inf.outputHash = outputHash;
        emit InferenceFulfilled(inferenceId, outputHash);
    }

    /// @notice Sets the compute market allowed to fulfil its own inferences. Only governance: the
    ///         owner of the fee policy (the timelock), read live.
    function setComputeMarket(address market) external {
        if (msg.sender != policy.owner()) revert NotGovernance(msg.sender);
        emit ComputeMarketSet(computeMarket, market);
        computeMarket = market;
    }

    /// @notice Refunds an inference that was never fulfilled, FULFIL_TIMEOUT after the request. Only its caller.
    function cancel(uint256 inferenceId) external nonReentrant {
        Inference storage inf = _get(inferenceId);
        if (inf.caller != msg.sender) revert NotInferenceCaller(inferenceId, msg.sender);
        if (inf.status == InferenceStatus.Cancelled) revert InferenceWasCancelled(inferenceId);
        if (inf.status != InferenceStatus.Requested) revert AlreadyFulfilled(inferenceId);
        uint64 availableAt = inf.requestedAt + FULFIL_TIMEOUT;
        if (block.timestamp < availableAt) revert CancelTooEarly(availableAt);
        inf.status = InferenceStatus.Cancelled;
        emit InferenceCancelled(inferenceId, msg.sender, inf.fee);
        _pay(msg.sender, inf.fee);
    }

    /// @notice Settles a fulfilled inference with its attribution. Only an active validator, once.
    /// @param contributionIds Top-k contributions, each accepted in a datanet version the model trained on.
    /// @param weightsPpm Their weights, each non-zero and >= the policy minimum, summing to 1,000,000.
    function settle(uint256 inferenceId, uint256[] calldata contributionIds, uint32[] calldata weightsPpm)
        external
        nonReentrant
    {
        Inference storage inf = _settleable(inferenceId);
        (,, uint8 depth) = models.lineageOf(inf.modelId, inf.modelVersion);
        if (depth != 0) revert FineTunedVersion(inf.modelId, inf.modelVersion);
        address[] memory contributors = _validate(inf.modelId, inf.modelVersion, contributionIds, weightsPpm);
        // Effects before any transfer: a re-entrant settle would also hit the guard.
        inf.status = InferenceStatus.Settled;

        Split memory s = _split(inf.fee);
        s.contributors = _payContributors(inferenceId, contributionIds, weightsPpm, contributors, s.pool);
        _payParties(inferenceId, inf, s);
    }

    /// @notice Settles a fulfilled inference of any version (fine-tuned or not) with one attribution
    ///         per level of its lineage: level 0 over the version's own training set, level L + 1 over
    ///         the training set of level L's base, each checked like `settle`. Level L keeps
    ///         (1 - upstream share) of what reaches it and passes the rest up; the deepest keeps all.
    ///         Only an active validator, once.
    function settleWithLineage(
        uint256 inferenceId,
        uint256[][] calldata contributionIds,
        uint32[][] calldata weightsPpm
    ) external nonReentrant {
        Inference storage inf = _settleable(inferenceId);
        Levels memory lv = _lineageLevels(inf.modelId, inf.modelVersion);
        uint256 levels = lv.modelIds.length;
        if (contributionIds.length != levels) revert LineageLevelsMismatch(levels, contributionIds.length);
        if (weightsPpm.length != levels) revert LineageLevelsMismatch(levels, weightsPpm.length);
        for (uint256 l = 0; l < levels; ++l) {
            lv.contributors[l] = _validate(lv.modelIds[l], lv.versions[l], contributionIds[l], weightsPpm[l]);
        }
        inf.status = InferenceStatus.Settled;

        Split memory s = _split(inf.fee);
        uint256 upstreamBps = policy.upstreamShareBps();
        uint256 reaching = s.pool;
        for (uint256 l = 0; l < levels; ++l) {
            uint256 up = l + 1 < levels ? reaching * upstreamBps / BPS : 0;
            s.contributors += _payLevel(inferenceId, l, lv, contributionIds[l], weightsPpm[l], reaching, reaching - up);
            reaching = up;
        }
        _payParties(inferenceId, inf, s);
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

    /// @notice The full record of an inference.
    function inferenceOf(uint256 inferenceId) external view returns (Inference memory) {
        return _inferences[inferenceId];
    }

    // ---------------------------------------------------------------- internal

    /// @dev Checks the settlement input against the policy and the model's training set; returns
    ///      the contributor of record of each contribution (the payees).
    function _validate(uint256 modelId, uint32 modelVersion, uint256[] calldata ids, uint32[] calldata weightsPpm)
        private
        view
        returns (address[] memory contributors)
    {
        uint256 n = ids.length;
        if (n == 0) revert EmptyAttribution();
        if (n != weightsPpm.length) revert LengthMismatch(n, weightsPpm.length);
        (uint16 topK, uint32 minWeightPpm) = policy.settlementLimits();
        if (n > topK) revert TooManyContributions(n, topK);

        contributors = new address[](n);
        uint256 sum;
        for (uint256 i = 0; i < n; ++i) {
            uint256 id = ids[i];
            uint32 w = weightsPpm[i];
            if (w == 0) revert ZeroWeight(id);
            if (w < minWeightPpm) revert WeightBelowMinimum(id, w, minWeightPpm);
            sum += w;
            // Pairwise: n is at most MAX_TOP_K (256), cheaper than storage marks.
            for (uint256 j = 0; j < i; ++j) {
                if (ids[j] == id) revert DuplicateContribution(id);
            }
            contributors[i] = _contributorInTrainingSet(modelId, modelVersion, id);
        }
        if (sum != PPM) revert WeightsSumInvalid(sum);
    }

    /// @dev The contributor of record of `id`, if it is an accepted leaf of the sealed datanet
    ///      version that (modelId, modelVersion) trained on; reverts with the reason otherwise.
    function _contributorInTrainingSet(uint256 modelId, uint32 modelVersion, uint256 id)
        private
        view
        returns (address contributor)
    {
        uint256 datanetId;
        DatanetRegistry.ContributionStatus status;
        (datanetId, contributor,, status) = datanets.contributionOf(id);
        if (status == DatanetRegistry.ContributionStatus.None) revert UnknownContribution(id);
        uint32 datanetVersion = models.trainedOn(modelId, modelVersion, datanetId);
        if (datanetVersion == 0) revert ForeignContribution(id, datanetId);
        if (!datanets.isInVersion(id, datanetId, datanetVersion)) {
            revert ContributionNotInVersion(id, datanetId, datanetVersion);
        }
    }

    /// @dev Policy amounts of `fee`, each floored; read at settlement so the policy in force applies.
    function _split(uint256 fee) private view returns (Split memory s) {
        (uint16 protocolBps, uint16 modelOwnerBps, uint16 stakersBps, uint16 contributorsBps) = policy.feePolicy();
        s.protocol = fee * protocolBps / BPS;
        s.modelOwner = fee * modelOwnerBps / BPS;
        s.stakers = fee * stakersBps / BPS;
        s.pool = fee * contributorsBps / BPS;
    }

    /// @dev Pays each contributor floor(pool * weight / 1e6); returns the total paid (the rest of
    ///      the pool is dust for the treasury).
    function _payContributors(
        uint256 inferenceId,
        uint256[] calldata ids,
        uint32[] calldata weightsPpm,
        address[] memory contributors,
        uint256 pool
    ) private returns (uint256 paid) {
        for (uint256 i = 0; i < ids.length; ++i) {
            uint256 amount = pool * weightsPpm[i] / PPM;
            paid += amount;
            emit ContributionRewarded(inferenceId, ids[i], contributors[i], amount, weightsPpm[i]);
            _pay(contributors[i], amount);
        }
    }

    /// @dev The inference, if msg.sender is an active validator and it is fulfilled and not settled.
    function _settleable(uint256 inferenceId) private view returns (Inference storage inf) {
        if (!validators.isActive(msg.sender)) revert NotActiveValidator(msg.sender);
        inf = _get(inferenceId);
        if (inf.status == InferenceStatus.Requested) revert NotFulfilled(inferenceId);
        if (inf.status == InferenceStatus.Settled) revert AlreadySettled(inferenceId);
        if (inf.status == InferenceStatus.Cancelled) revert InferenceWasCancelled(inferenceId);
    }

    /// @dev (modelId, version) and each base above it, nearest first; at most MAX_LINEAGE_DEPTH + 1.
    function _lineageLevels(uint256 modelId, uint32 version) private view returns (Levels memory lv) {
        (uint256 baseId, uint32 baseVersion, uint8 depth) = models.lineageOf(modelId, version);
        uint256 levels = uint256(depth) + 1;
        lv = Levels(new uint256[](levels), new uint32[](levels), new address[][](levels));
        lv.modelIds[0] = modelId;
        lv.versions[0] = version;
        // The registry stores each base's depth as one less, so this walk ends after `depth` steps.
        for (uint256 l = 1; l < levels; ++l) {
            lv.modelIds[l] = baseId;
            lv.versions[l] = baseVersion;
            (baseId, baseVersion,) = models.lineageOf(baseId, baseVersion);
        }
    }

    /// @dev Pays level `l`'s contributors out of `kept` and emits the level's UpstreamRoyaltyPaid.
    function _payLevel(
        uint256 inferenceId,
        uint256 l,
        Levels memory lv,
        uint256[] calldata ids,
        uint32[] calldata weightsPpm,
        uint256 reaching,
        uint256 kept
    ) private returns (uint256 paid) {
        paid = _payContributors(inferenceId, ids, weightsPpm, lv.contributors[l], kept);
        emit UpstreamRoyaltyPaid(inferenceId, uint8(l), lv.modelIds[l], lv.versions[l], reaching, kept, paid);
    }

    /// @dev Emits InferenceSettled (dust: whatever of the fee no party got) and pays the model owner,
    ///      the treasury (protocol + dust) and the stakers.
    function _payParties(uint256 inferenceId, Inference storage inf, Split memory s) private {
        uint256 dust = inf.fee - s.protocol - s.modelOwner - s.stakers - s.contributors;
        emit InferenceSettled(inferenceId, msg.sender, s.protocol, s.modelOwner, s.stakers, s.contributors, dust);

        _pay(models.ownerOf(inf.modelId), s.modelOwner);
        _pay(treasury, s.protocol + dust);
        if (s.stakers > 0) {
            IWETH(wopen).deposit{value: s.stakers}();
            if (!IWETH(wopen).transfer(stakingRewardsBank, s.stakers)) revert StakersTransferFailed();
        }
    }

    function _get(uint256 inferenceId) private view returns (Inference storage inf) {
        inf = _inferences[inferenceId];
        if (inf.status == InferenceStatus.None) revert InferenceNotFound(inferenceId);
    }

    /// @dev Pays with a bounded gas stipend and without copying return data (no return bomb); on
    ///      failure credits `owed` instead of reverting, so one bad recipient cannot block settlement.
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

    /// @dev Only governance: the owner of the fee policy (the timelock), read live, like every
    ///      governed setting of the router.
    function _authorizeUpgrade(address) internal view override {
        if (msg.sender != policy.owner()) revert UpgradeNotByGovernance(msg.sender);
    }
}
