// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title WOPEN
 * @notice Wrapped native OPEN, WETH9 style: `deposit` (or a plain transfer of native OPEN)
 *         mints WOPEN 1:1, `withdraw` burns it and pays the native OPEN back.
 * @dev Event-compatible with OpenLedger's published `WOPEN.sol` (itself WETH9): the same four
 *      events with the same indexed flags, so one indexer reads both. Unlike WETH9 it rejects
 *      with custom errors instead of empty reverts, and pays out with `call` (not `transfer`,
 *      whose 2300-gas stipend breaks smart-contract wallets) after updating state.
 *      `totalSupply` is the contract's native balance, as in WETH9: it also counts native OPEN
 *      force-sent without a deposit.
 */
contract WOPEN {
    /// @notice Token name.
    string public constant name = "Wrapped Open";
    /// @notice Token symbol.
    string public constant symbol = "WOPEN";
    /// @notice Token decimals, the same as native OPEN.
    uint8 public constant decimals = 18;

    /// @notice WOPEN balance of each holder.
    mapping(address => uint256) public balanceOf;
    /// @notice Remaining allowance of `spender` over `owner`'s WOPEN; `type(uint256).max` never decreases.
    mapping(address => mapping(address => uint256)) public allowance;

    /// @notice `src` allowed `guy` to spend `wad` of its WOPEN.
    event Approval(address indexed src, address indexed guy, uint256 wad);
    /// @notice `wad` WOPEN moved from `src` to `dst`.
    event Transfer(address indexed src, address indexed dst, uint256 wad);
    /// @notice `dst` wrapped `wad` native OPEN.
    event Deposit(address indexed dst, uint256 wad);
    /// @notice `src` unwrapped `wad` WOPEN back into native OPEN.
    event Withdrawal(address indexed src, uint256 wad);

    /// @notice `account` holds `available` WOPEN, less than the `needed` amount.
    error InsufficientBalance(address account, uint256 available, uint256 needed);
    /// @notice `spender` may move only `available` of the owner's WOPEN, less than `needed`.
    error InsufficientAllowance(address spender, uint256 available, uint256 needed);
    /// @notice Paying native OPEN to `to` failed (the recipient reverted).
    error NativeTransferFailed(address to, uint256 amount);

    /// @notice A plain native transfer wraps it for the sender.
    receive() external payable {
        deposit();
    }

    /// @notice Wraps `msg.value` native OPEN into WOPEN for the sender.
    function deposit() public payable {
        balanceOf[msg.sender] += msg.value;
        emit Deposit(msg.sender, msg.value);
    }

    /// @notice Burns `wad` of the sender's WOPEN and sends the same amount of native OPEN back.
    /// @param wad Amount to unwrap, in wei.
    function withdraw(uint256 wad) external {
        uint256 bal = balanceOf[msg.sender];
        if (bal < wad) revert InsufficientBalance(msg.sender, bal, wad);
        // Effects before the external call: a re-entering recipient sees the reduced balance.
        unchecked {
            balanceOf[msg.sender] = bal - wad;
        }
        emit Withdrawal(msg.sender, wad);
        (bool ok,) = payable(msg.sender).call{value: wad}("");
        if (!ok) revert NativeTransferFailed(msg.sender, wad);
    }

    /// @notice Total WOPEN outstanding: the native OPEN this contract holds.
    function totalSupply() external view returns (uint256) {
        return address(this).balance;
    }

    /// @notice Lets `guy` spend up to `wad` of the sender's WOPEN.
    function approve(address guy, uint256 wad) external returns (bool) {
        allowance[msg.sender][guy] = wad;
        emit Approval(msg.sender, guy, wad);
        return true;
    }

    /// @notice Moves `wad` WOPEN from the sender to `dst`.
    function transfer(address dst, uint256 wad) external returns (bool) {
        return transferFrom(msg.sender, dst, wad);
    }

    /// @notice Moves `wad` WOPEN from `src` to `dst`, spending allowance when the sender is not `src`.
    function transferFrom(address src, address dst, uint256 wad) public returns (bool) {
        uint256 bal = balanceOf[src];
        if (bal < wad) revert InsufficientBalance(src, bal, wad);
        if (src != msg.sender) {
            uint256 allowed = allowance[src][msg.sender];
            // An infinite approval is never spent down, as in WETH9.
            if (allowed != type(uint256).max) {
                if (allowed < wad) revert InsufficientAllowance(msg.sender, allowed, wad);
                allowance[src][msg.sender] = allowed - wad;
            }
        }
        unchecked {
            balanceOf[src] = bal - wad;
        }
        balanceOf[dst] += wad;
        emit Transfer(src, dst, wad);
        return true;
    }
}
