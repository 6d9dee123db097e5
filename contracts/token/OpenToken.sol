// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";

/**
 * @title OpenToken
 * @notice The "L1" OPEN token: name "Open", symbol "OPEN", 18 decimals, a fixed supply of
 *         1,000,000,000 OPEN minted once to one recipient. Holders may burn their own tokens
 *         (or an allowance), so the supply can only go down.
 * @dev Mirrors OpenLedger's published `Open.sol` (ERC20 + ERC20Burnable); events are the
 *      standard ERC-20 Transfer/Approval. There is deliberately no mint function.
 */
contract OpenToken is ERC20, ERC20Burnable {
    /// @notice The whole supply, minted in the constructor: 1e9 tokens of 18 decimals.
    uint256 public constant TOTAL_SUPPLY = 1_000_000_000 * 1e18;

    /// @param recipient Receives the entire supply (e.g. the treasury or a distributor).
    constructor(address recipient) ERC20("Open", "OPEN") {
        _mint(recipient, TOTAL_SUPPLY);
    }
}
