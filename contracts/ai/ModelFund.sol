// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ModelRegistry} from "./ModelRegistry.sol";

/// @title ModelFund
/// @notice Grants from the treasury to model builders: governance (the owner, the timelock) funds a
///         model and the grant goes to whoever owns the model NFT at that moment.
contract ModelFund is Ownable {
    /// @notice Registry whose `ownerOf` decides the grant's recipient.
    ModelRegistry public immutable models;

    event FundsReceived(address indexed from, uint256 amount);
    event ModelFunded(uint256 indexed modelId, address indexed recipient, uint256 amount, string memo);

    error ZeroAmount();
    error InsufficientFunds(uint256 balance, uint256 requested);
    error TransferFailed(address to, uint256 amount);
    error UnknownModel(uint256 modelId);

    /// @param owner_ The timelock (a plain account on a devnet or in tests).
    /// @param models_ The model registry.
    constructor(address owner_, ModelRegistry models_) Ownable(owner_) {
        models = models_;
    }

    /// @notice Accepts native OPEN (the treasury's top-ups).
    receive() external payable {
        emit FundsReceived(msg.sender, msg.value);
    }

    /// @notice Pays `amount` of native OPEN to the model's owner. Only the owner (timelock).
    /// @param memo Why the grant was made (proposal reference), for the indexer.
    function fundModel(uint256 modelId, uint256 amount, string calldata memo) external onlyOwner {
        if (amount == 0) revert ZeroAmount();
        if (amount > address(this).balance) revert InsufficientFunds(address(this).balance, amount);
        if (!models.exists(modelId)) revert UnknownModel(modelId);
        address recipient = models.ownerOf(modelId);
        emit ModelFunded(modelId, recipient, amount, memo);
        (bool ok,) = payable(recipient).call{value: amount}("");
        if (!ok) revert TransferFailed(recipient, amount);
    }
}
