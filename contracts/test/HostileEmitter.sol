// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title HostileEmitter (tests only)
/// @notice Emits whatever logs it is given, for anyone. A test deploys one per manifest contract
/// and points the manifest at them, so every event signature the indexer decodes can arrive with
/// any arguments the ABI allows, in any order: what a permissionless chain can make an indexed
/// address say. Never deployed by `deploy`.
contract HostileEmitter {
    struct RawLog {
        bytes32[] topics;
        bytes data;
    }

    error TooManyTopics(uint256 count);

    /// @notice Emits `logs` in order (topics[0] is the event's topic0; at most 4 topics).
    function emitLogs(RawLog[] calldata logs) external {
        for (uint256 i; i < logs.length; ++i) _emit(logs[i].topics, logs[i].data);
    }

    /// @notice Emits one log whose data is `head`, then `piece` `times` over, then `tail`: a log
    /// of megabytes from a transaction of a few hundred bytes (nodes cap transaction size).
    function emitRepeated(
        bytes32[] calldata topics,
        bytes calldata head,
        bytes calldata piece,
        uint256 times,
        bytes calldata tail
    ) external {
        bytes memory d = new bytes(head.length + piece.length * times + tail.length);
        assembly {
            let p := add(d, 32)
            calldatacopy(p, head.offset, head.length)
            p := add(p, head.length)
            for { let i := 0 } lt(i, times) { i := add(i, 1) } {
                calldatacopy(p, piece.offset, piece.length)
                p := add(p, piece.length)
            }
            calldatacopy(p, tail.offset, tail.length)
        }
        _emit(topics, d);
    }

    function _emit(bytes32[] calldata t, bytes memory d) private {
        uint256 n = t.length;
        if (n > 4) revert TooManyTopics(n);
        assembly {
            let p := add(d, 32)
            let len := mload(d)
            switch n
            case 0 { log0(p, len) }
            case 1 { log1(p, len, calldataload(t.offset)) }
            case 2 { log2(p, len, calldataload(t.offset), calldataload(add(t.offset, 32))) }
            case 3 {
                log3(p, len, calldataload(t.offset), calldataload(add(t.offset, 32)), calldataload(add(t.offset, 64)))
            }
            default {
                log4(
                    p,
                    len,
                    calldataload(t.offset),
                    calldataload(add(t.offset, 32)),
                    calldataload(add(t.offset, 64)),
                    calldataload(add(t.offset, 96))
                )
            }
        }
    }
}
