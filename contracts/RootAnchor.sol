// SPDX-License-Identifier: Apache-2.0
// Exact pragma: the committed artifact (RootAnchor.json) is the output of exactly this compiler,
// and contracts/compile.mjs --check fails the build when a recompile differs from it.
pragma solidity 0.8.37;

/// @title RootAnchor
/// @notice Anchors airtrace epoch Merkle roots (RFC 6962, SHA-256) by emitting one event per epoch.
/// @dev No storage and no access control: the event binds msg.sender as `submitter`, and verifiers
///      accept only the operator address they were told out of band (docs/verify.md).
contract RootAnchor {
    /// @param root      epoch tree root (SHA-256, RFC 6962) over the epoch's gateway batch headers
    /// @param submitter the account that sent the transaction
    /// @param seq       epoch number; contiguous per operator, so auditors can spot gaps
    /// @param firstTs   earliest reading time in the epoch, epoch milliseconds
    /// @param lastTs    latest reading time in the epoch, epoch milliseconds
    /// @param leafCount number of batch headers (leaves) in the epoch tree
    event Anchored(
        bytes32 indexed root,
        address indexed submitter,
        uint64 indexed seq,
        uint64 firstTs,
        uint64 lastTs,
        uint32 leafCount
    );

    /// @notice Emits {Anchored} with msg.sender as submitter.
    function anchor(bytes32 root, uint64 seq, uint64 firstTs, uint64 lastTs, uint32 leafCount) external {
        emit Anchored(root, msg.sender, seq, firstTs, lastTs, leafCount);
    }
}
