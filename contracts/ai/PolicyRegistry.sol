// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";

/// @title PolicyRegistry
/// @notice The governed fee and attribution policies of Proof of Attribution.
/// @dev Owned by the timelock, so every change goes through a governance vote. The router reads the
///      fee policy at settlement time, so a change applies to every inference settled after it.
///      Both policies are emitted from the initializer so an indexer sees the policy in force from
///      the deployment block without a special case.
contract PolicyRegistry is Initializable, OwnableUpgradeable, UUPSUpgradeable {
    /// @notice Basis-point denominator: the four fee shares sum to exactly this.
    uint16 public constant BPS = 10_000;
    /// @notice Parts-per-million denominator of attribution weights.
    uint32 public constant PPM = 1_000_000;
    /// @notice Upper bound on topK: settlement checks duplicates pairwise, so its gas grows with topK².
    uint16 public constant MAX_TOP_K = 256;

    /// @notice How an inference fee is split, in basis points of the fee.
    struct FeePolicy {
        uint16 protocolBps;
        uint16 modelOwnerBps;
        uint16 stakersBps;
        uint16 contributorsBps;
    }

    /// @notice How attribution is computed and audited.
    struct AttributionPolicy {
        string method;
        uint16 topK;
        uint32 minWeightPpm;
        uint32 auditTolerancePpm;
    }

    /// @notice Fee policy in force.
    FeePolicy public feePolicy;
    AttributionPolicy private _attributionPolicy;
    /// @notice Share of the contributors' pool a fine-tuned version passes up to its base, in bps.
    uint16 public upstreamShareBps;

    event FeePolicyUpdated(uint16 protocolBps, uint16 modelOwnerBps, uint16 stakersBps, uint16 contributorsBps);
    event AttributionPolicyUpdated(string method, uint16 topK, uint32 minWeightPpm, uint32 auditTolerancePpm);
    event UpstreamSharePolicyUpdated(uint16 upstreamShareBps);

    /// @notice The four shares do not sum to 10,000 bps.
    error FeeBpsSumInvalid(uint256 sumBps);
    /// @notice The attribution method name is empty.
    error EmptyAttributionMethod();
    /// @notice topK is zero or above MAX_TOP_K.
    error InvalidTopK(uint16 topK);
    /// @notice A ppm value is above 1,000,000.
    error PpmOutOfRange(uint32 valuePpm);
    /// @notice The upstream share is above 10,000 bps.
    error UpstreamShareOutOfRange(uint16 upstreamShareBps);

    /// @dev The implementation is never initialized: only a proxy holds state.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Run once, by the proxy's constructor (so nobody can front-run it).
    /// @param owner_ The timelock (a plain account on a devnet or in tests): sets policies and upgrades.
    function initialize(address owner_) external initializer {
        __Ownable_init(owner_);
        _setFeePolicy(1000, 2000, 2000, 5000);
        _setAttributionPolicy("tracin-cp-last-layer-cosine", 10, 0, 1000);
        _setUpstreamShare(2000);
    }

    /// @notice Replaces the upstream royalty share (bps of the pool reaching a fine-tuned level that
    ///         goes on to its base). Only the owner (timelock).
    function setUpstreamShare(uint16 upstreamShareBps_) external onlyOwner {
        _setUpstreamShare(upstreamShareBps_);
    }

    /// @notice Replaces the fee policy. Only the owner (timelock).
    function setFeePolicy(uint16 protocolBps, uint16 modelOwnerBps, uint16 stakersBps, uint16 contributorsBps)
        external
        onlyOwner
    {
        _setFeePolicy(protocolBps, modelOwnerBps, stakersBps, contributorsBps);
    }

    /// @notice Replaces the attribution policy. Only the owner (timelock).
    function setAttributionPolicy(string calldata method, uint16 topK, uint32 minWeightPpm, uint32 auditTolerancePpm)
        external
        onlyOwner
    {
        _setAttributionPolicy(method, topK, minWeightPpm, auditTolerancePpm);
    }

    /// @notice Attribution policy in force.
    function attributionPolicy() external view returns (AttributionPolicy memory) {
        return _attributionPolicy;
    }

    /// @notice Top-k bound and minimum weight, the two values settlement enforces (cheaper than the struct).
    function settlementLimits() external view returns (uint16 topK, uint32 minWeightPpm) {
        return (_attributionPolicy.topK, _attributionPolicy.minWeightPpm);
    }

    function _setFeePolicy(uint16 protocolBps, uint16 modelOwnerBps, uint16 stakersBps, uint16 contributorsBps)
        private
    {
        // Summed in uint256: four uint16 values can overflow uint16.
        uint256 sum = uint256(protocolBps) + modelOwnerBps + stakersBps + contributorsBps;
        if (sum != BPS) revert FeeBpsSumInvalid(sum);
        feePolicy = FeePolicy(protocolBps, modelOwnerBps, stakersBps, contributorsBps);
        emit FeePolicyUpdated(protocolBps, modelOwnerBps, stakersBps, contributorsBps);
    }

    function _setUpstreamShare(uint16 upstreamShareBps_) private {
        if (upstreamShareBps_ > BPS) revert UpstreamShareOutOfRange(upstreamShareBps_);
        upstreamShareBps = upstreamShareBps_;
        emit UpstreamSharePolicyUpdated(upstreamShareBps_);
    }

    function _setAttributionPolicy(string memory method, uint16 topK, uint32 minWeightPpm, uint32 auditTolerancePpm)
        private
    {
        if (bytes(method).length == 0) revert EmptyAttributionMethod();
        if (topK == 0 || topK > MAX_TOP_K) revert InvalidTopK(topK);
        if (minWeightPpm > PPM) revert PpmOutOfRange(minWeightPpm);
        if (auditTolerancePpm > PPM) revert PpmOutOfRange(auditTolerancePpm);
        _attributionPolicy = AttributionPolicy(method, topK, minWeightPpm, auditTolerancePpm);
        emit AttributionPolicyUpdated(method, topK, minWeightPpm, auditTolerancePpm);
    }

    /// @dev Only the owner (timelock): an upgrade is a governance proposal like any policy change.
    function _authorizeUpgrade(address) internal override onlyOwner {}
}
