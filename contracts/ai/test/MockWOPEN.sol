// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title MockWOPEN
/// @notice Test-only WETH9-like wrapper (deposit, transfer, balanceOf) so the AI contracts can be
///         tested without the token side. Not for deployment.
contract MockWOPEN {
    string public constant name = "Mock Wrapped OPEN";
    string public constant symbol = "mWOPEN";
    uint8 public constant decimals = 18;

    mapping(address => uint256) public balanceOf;

    event Deposit(address indexed dst, uint256 wad);
    event Transfer(address indexed src, address indexed dst, uint256 wad);

    error InsufficientBalance(uint256 balance, uint256 wad);

    function deposit() external payable {
        balanceOf[msg.sender] += msg.value;
        emit Deposit(msg.sender, msg.value);
    }

    function transfer(address dst, uint256 wad) external returns (bool) {
        uint256 balance = balanceOf[msg.sender];
        if (balance < wad) revert InsufficientBalance(balance, wad);
        balanceOf[msg.sender] = balance - wad;
        balanceOf[dst] += wad;
        emit Transfer(msg.sender, dst, wad);
        return true;
    }
}
