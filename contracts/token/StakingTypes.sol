// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice One staking position (the field order of OpenLedger's published `Stake`).
struct Stake {
    address recipient; // owner of the position: receives principal and interest
    uint256 configId; // the StakeConfig it was opened under
    uint256 updatedAt; // timestamp interest was last accrued into `amount`
    uint256 amount; // principal plus interest accrued up to `updatedAt`, in token wei
    uint256 startTime; // timestamp the lock period (stakeDuration) started; reset by a top-up
}

/// @notice A staking product (the field order of OpenLedger's published `StakeConfig`).
struct StakeConfig {
    address bank; // holds the staked tokens and the rewards; set to the creating bank
    address manager; // signs commitments (off-chain stakes) for this config
    address token; // the ERC-20 staked and paid out (OPEN on L1, WOPEN on the L2)
    uint256 interestRate; // continuous yearly rate, wad (0.05e18 = 5 %/year); see Staking.calculateAmount
    uint256 stakeDuration; // lock period in seconds; also caps the time interest accrues per accrual
    uint256 cooldownDuration; // seconds between requestUnstake and unstake (0: unstake at once)
    uint256 maxStake; // most a recipient may have staked in this config, token wei (inclusive)
    uint256 minStake; // least a recipient must have staked in this config, token wei (inclusive)
    bool isActive; // accepts new stakes and top-ups
    bool isTopupEnabled; // positions may be topped up
    bool isPublic; // anyone may stake; otherwise positions come only from manager-signed commitments
}

/// @notice A stake whose unstaking is waiting out the cooldown.
struct UnstakeRequest {
    uint256 requestAt; // timestamp of requestUnstake
    Stake stake; // the position, interest accrued up to requestAt
}

/// @notice What a Bank needs from Staking.
interface IStaking {
    /// @notice Creates (first call for an id) or updates (same bank only) a stake config.
    function setConfig(uint256 configId, StakeConfig calldata config) external;
}
