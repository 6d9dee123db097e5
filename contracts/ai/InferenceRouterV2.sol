// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {InferenceRouter} from "./InferenceRouter.sol";

/// @title InferenceRouterV2
/// @notice The router's second implementation, installed by a governance proposal (upgradeToAndCall
///         from the timelock). It keeps the storage layout of InferenceRouter (it inherits it and
///         declares no state) and adds caller ratings: the caller of a fulfilled inference scores
///         the output from 1 to 5, a signal for model owners and auditors that costs no escrow.
/// @dev The rating is an event only: the latest rating of an inference is the one that counts, so
///      nothing is stored and the layout stays the V1 layout.
contract InferenceRouterV2 is InferenceRouter {
    /// @notice Highest score of a rating (the lowest is 1).
    uint8 public constant MAX_SCORE = 5;

    event InferenceRated(uint256 indexed inferenceId, address indexed caller, uint8 score);

    /// @notice The score is outside 1..MAX_SCORE.
    error InvalidScore(uint8 score);
    /// @notice Only a fulfilled or settled inference has an output to rate.
    error NotRatable(uint256 inferenceId, InferenceStatus status);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() InferenceRouter() {}

    /// @notice Rates the output of an inference. Only its caller, once it was fulfilled (or settled).
    function rateInference(uint256 inferenceId, uint8 score) external {
        if (score == 0 || score > MAX_SCORE) revert InvalidScore(score);
        // V1 keeps its inference storage private: read it through the public view (same storage).
        Inference memory inf = this.inferenceOf(inferenceId);
        if (inf.caller != msg.sender) revert NotInferenceCaller(inferenceId, msg.sender);
        if (inf.status != InferenceStatus.Fulfilled && inf.status != InferenceStatus.Settled) {
            revert NotRatable(inferenceId, inf.status);
        }
        emit InferenceRated(inferenceId, msg.sender, score);
    }
}
