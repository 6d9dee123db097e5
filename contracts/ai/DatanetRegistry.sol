// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ERC721Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC721/ERC721Upgradeable.sol";

/// @title DatanetRegistry
/// @notice Community datasets as ERC-721 tokens. Contributors submit data points (hash + metadata;
///         the content stays off-chain), curators accept or reject them, and the datanet seals
///         versions: the Merkle root over its accepted contributions, which models train on.
/// @dev Accepted contributions are appended, in acceptance order, to a per-datanet incremental
///      Merkle tree in the style of the eth2 deposit contract: fixed depth 32, empty leaves are
///      zero, inserting stores one branch node per level (O(log n)), and the root is computable at
///      any time from the branch and the zero hashes. The leaf of a contribution is
///      keccak256(abi.encode(contributionId, contributor, contentHash)). Unlike the deposit contract
///      the length is NOT mixed into the root; a version stores {root, count} instead.
contract DatanetRegistry is Initializable, ERC721Upgradeable, OwnableUpgradeable, UUPSUpgradeable {
    /// @notice Depth of every datanet's Merkle tree.
    uint256 public constant TREE_DEPTH = 32;
    /// @notice Leaves one tree can hold.
    uint256 public constant MAX_LEAVES = 2 ** TREE_DEPTH - 1;
    /// @notice Tags per contribution; bounds the calldata an indexer must decode per event.
    uint256 public constant MAX_TAGS = 32;

    enum ContributionStatus {
        None,
        Pending,
        Accepted,
        Rejected
    }

    struct Contribution {
        uint256 datanetId;
        address contributor;
        ContributionStatus status;
        // Position in the datanet's tree (0-based); meaningful only when Accepted.
        uint64 acceptanceIndex;
        bytes32 contentHash;
    }

    struct Version {
        bytes32 merkleRoot;
        uint64 contributionCount;
    }

    struct Datanet {
        uint64 acceptedCount;
        uint32 versionCount;
        string metadataURI;
    }

    uint256 private _datanetCount;
    uint256 private _contributionCount;
    mapping(uint256 datanetId => Datanet) private _datanets;
    mapping(uint256 datanetId => bytes32[TREE_DEPTH]) private _branch;
    mapping(uint256 datanetId => mapping(uint32 version => Version)) private _versions;
    mapping(uint256 datanetId => mapping(address account => bool)) private _curators;
    mapping(uint256 datanetId => mapping(bytes32 contentHash => bool)) private _seenContent;
    mapping(uint256 contributionId => Contribution) private _contributions;

    event DatanetCreated(uint256 indexed datanetId, address indexed owner, string name, string metadataURI);
    event CuratorSet(uint256 indexed datanetId, address indexed curator, bool enabled);
    event ContributionSubmitted(
        uint256 indexed contributionId,
        uint256 indexed datanetId,
        address indexed contributor,
        bytes32 contentHash,
        uint64 size,
        string metadataURI,
        string[] tags
    );
    event ContributionReviewed(
        uint256 indexed contributionId, uint256 indexed datanetId, address indexed curator, bool accepted
    );
    event DatanetVersionSealed(
        uint256 indexed datanetId, uint32 indexed version, bytes32 merkleRoot, uint64 contributionCount
    );

    /// @notice The datanet id was never minted.
    error DatanetNotFound(uint256 datanetId);
    /// @notice The contribution id was never submitted.
    error ContributionNotFound(uint256 contributionId);
    /// @notice A datanet name is empty.
    error EmptyName();
    /// @notice A contribution's content hash is zero.
    error ZeroContentHash();
    /// @notice The same content was already submitted to this datanet.
    error DuplicateContent(uint256 datanetId, bytes32 contentHash);
    /// @notice More than MAX_TAGS tags.
    error TooManyTags(uint256 count);
    /// @notice The caller is not the datanet's owner.
    error NotDatanetOwner(uint256 datanetId, address account);
    /// @notice The caller is neither the datanet's owner nor one of its curators.
    error NotCurator(uint256 datanetId, address account);
    /// @notice Only Pending contributions can be reviewed.
    error ContributionNotPending(uint256 contributionId, ContributionStatus status);
    /// @notice The contribution is not Accepted (it has no leaf).
    error ContributionNotAccepted(uint256 contributionId, ContributionStatus status);
    /// @notice Parallel arrays of different lengths.
    error LengthMismatch(uint256 a, uint256 b);
    /// @notice No contribution was accepted since the last sealed version.
    error NothingToSeal(uint256 datanetId);
    /// @notice The datanet's tree is full.
    error MerkleTreeFull(uint256 datanetId);

    /// @dev The implementation is never initialized: only a proxy holds state.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Run once, by the proxy's constructor (so nobody can front-run it).
    /// @param owner_ The timelock: the only account that may upgrade the registry.
    function initialize(address owner_) external initializer {
        __ERC721_init("OpenLedger Datanet", "DATANET");
        __Ownable_init(owner_);
    }

    // ---------------------------------------------------------------- datanets

    /// @notice Mints a new datanet to the caller, who is its first curator.
    function createDatanet(string calldata name, string calldata metadataURI) external returns (uint256 datanetId) {
        if (bytes(name).length == 0) revert EmptyName();
        datanetId = ++_datanetCount;
        _datanets[datanetId].metadataURI = metadataURI;
        // _mint, not _safeMint: no receiver callback, so no re-entry before the event is emitted.
        _mint(msg.sender, datanetId);
        emit DatanetCreated(datanetId, msg.sender, name, metadataURI);
    }

    /// @notice Adds or removes a curator. Only the datanet's owner; the owner is always a curator.
    function setCurator(uint256 datanetId, address curator, bool enabled) external {
        if (_requireDatanetOwner(datanetId) != msg.sender) revert NotDatanetOwner(datanetId, msg.sender);
        _curators[datanetId][curator] = enabled;
        emit CuratorSet(datanetId, curator, enabled);
    }

    // ----------------------------------------------------------- contributions

    /// @notice Submits a data point for review. Anyone may contribute; ids are global, from 1.
    /// @param contentHash Hash of the off-chain content; unique per datanet.
    /// @param size Content size in bytes, as stated by the contributor.
    function contribute(
        uint256 datanetId,
        bytes32 contentHash,
        uint64 size,
        string calldata metadataURI,
        string[] calldata tags
    ) external returns (uint256 contributionId) {
        _requireDatanetOwner(datanetId);
        if (contentHash == bytes32(0)) revert ZeroContentHash();
        if (tags.length > MAX_TAGS) revert TooManyTags(tags.length);
        if (_seenContent[datanetId][contentHash]) revert DuplicateContent(datanetId, contentHash);
        _seenContent[datanetId][contentHash] = true;
        contributionId = ++_contributionCount;
        _contributions[contributionId] = Contribution({
            datanetId: datanetId,
            contributor: msg.sender,
            status: ContributionStatus.Pending,
            acceptanceIndex: 0,
            contentHash: contentHash
        });
        emit ContributionSubmitted(contributionId, datanetId, msg.sender, contentHash, size, metadataURI, tags);
    }

    /// @notice Accepts or rejects one Pending contribution. Only a curator of its datanet.
    function review(uint256 contributionId, bool accept) external {
        _review(contributionId, accept);
    }

    /// @notice Reviews many contributions in one transaction, in order (acceptance order = array order).
    function reviewBatch(uint256[] calldata contributionIds, bool[] calldata accepts) external {
        if (contributionIds.length != accepts.length) revert LengthMismatch(contributionIds.length, accepts.length);
        for (uint256 i = 0; i < contributionIds.length; ++i) {
            _review(contributionIds[i], accepts[i]);
        }
    }

    /// @notice Seals the current tree as the next version (from 1). Owner or curator.
    function sealVersion(uint256 datanetId) external returns (uint32 version) {
        _requireDatanetOwner(datanetId);
        if (!isCurator(datanetId, msg.sender)) revert NotCurator(datanetId, msg.sender);
        Datanet storage d = _datanets[datanetId];
        uint64 count = d.acceptedCount;
        // A version identical to the previous one would only confuse models and auditors.
        if (count == 0 || (d.versionCount > 0 && _versions[datanetId][d.versionCount].contributionCount == count)) {
            revert NothingToSeal(datanetId);
        }
        version = ++d.versionCount;
        bytes32 root = merkleRoot(datanetId);
        _versions[datanetId][version] = Version(root, count);
        emit DatanetVersionSealed(datanetId, version, root, count);
    }

    // ------------------------------------------------------------------- views

    /// @notice True if `account` may review and seal in `datanetId` (its owner or an enabled curator).
    function isCurator(uint256 datanetId, address account) public view returns (bool) {
        address owner = _ownerOf(datanetId);
        if (owner == address(0)) return false;
        return owner == account || _curators[datanetId][account];
    }

    /// @notice Root of the datanet's tree over all contributions accepted so far.
    function merkleRoot(uint256 datanetId) public view returns (bytes32 node) {
        uint256 size = _datanets[datanetId].acceptedCount;
        bytes32[TREE_DEPTH] storage branch = _branch[datanetId];
        bytes32 zero; // zero hash of the current level, computed in memory (cheaper than 32 SLOADs)
        for (uint256 h = 0; h < TREE_DEPTH; ++h) {
            if (size & 1 == 1) node = keccak256(abi.encode(branch[h], node));
            else node = keccak256(abi.encode(node, zero));
            zero = keccak256(abi.encode(zero, zero));
            size >>= 1;
        }
    }

    /// @notice Leaf hashed into the tree for an accepted contribution.
    function leafOf(uint256 contributionId, address contributor, bytes32 contentHash) public pure returns (bytes32) {
        return keccak256(abi.encode(contributionId, contributor, contentHash));
    }

    /// @notice Number of accepted contributions and of sealed versions of a datanet.
    function datanetInfo(uint256 datanetId) external view returns (uint64 acceptedCount, uint32 versionCount) {
        Datanet storage d = _datanets[datanetId];
        return (d.acceptedCount, d.versionCount);
    }

    /// @notice A sealed version; zero values if it was not sealed.
    function versionOf(uint256 datanetId, uint32 version)
        external
        view
        returns (bytes32 root, uint64 contributionCount)
    {
        Version storage v = _versions[datanetId][version];
        return (v.merkleRoot, v.contributionCount);
    }

    /// @notice True if `version` of `datanetId` was sealed.
    function isSealed(uint256 datanetId, uint32 version) public view returns (bool) {
        return version != 0 && version <= _datanets[datanetId].versionCount;
    }

    /// @notice True if the contribution was accepted in `datanetId` and is among the leaves of `version`.
    function isInVersion(uint256 contributionId, uint256 datanetId, uint32 version) external view returns (bool) {
        Contribution storage c = _contributions[contributionId];
        if (c.datanetId != datanetId || c.status != ContributionStatus.Accepted) return false;
        if (!isSealed(datanetId, version)) return false;
        return c.acceptanceIndex < _versions[datanetId][version].contributionCount;
    }

    /// @notice The record of a contribution; status None if it does not exist.
    function contributionOf(uint256 contributionId)
        external
        view
        returns (uint256 datanetId, address contributor, bytes32 contentHash, ContributionStatus status)
    {
        Contribution storage c = _contributions[contributionId];
        return (c.datanetId, c.contributor, c.contentHash, c.status);
    }

    /// @notice 0-based leaf index of an accepted contribution in its datanet's tree.
    function acceptanceIndexOf(uint256 contributionId) external view returns (uint64) {
        Contribution storage c = _contributions[contributionId];
        if (c.status != ContributionStatus.Accepted) revert ContributionNotAccepted(contributionId, c.status);
        return c.acceptanceIndex;
    }

    /// @notice Number of datanets minted and of contributions submitted (ids run 1..count).
    function counts() external view returns (uint256 datanets, uint256 contributions) {
        return (_datanetCount, _contributionCount);
    }

    /// @notice The datanet's metadata URI.
    function tokenURI(uint256 datanetId) public view override returns (string memory) {
        _requireOwned(datanetId);
        return _datanets[datanetId].metadataURI;
    }

    // ---------------------------------------------------------------- internal

    function _review(uint256 contributionId, bool accept) private {
        Contribution storage c = _contributions[contributionId];
        if (c.status == ContributionStatus.None) revert ContributionNotFound(contributionId);
        uint256 datanetId = c.datanetId;
        if (!isCurator(datanetId, msg.sender)) revert NotCurator(datanetId, msg.sender);
        if (c.status != ContributionStatus.Pending) revert ContributionNotPending(contributionId, c.status);
        if (accept) {
            c.status = ContributionStatus.Accepted;
            c.acceptanceIndex = _insert(datanetId, leafOf(contributionId, c.contributor, c.contentHash));
        } else {
            c.status = ContributionStatus.Rejected;
        }
        emit ContributionReviewed(contributionId, datanetId, msg.sender, accept);
    }

    /// @dev Deposit-contract insert: walk up while the subtree to the left is complete, store the
    ///      node at the first level where the new size has a 1 bit. Returns the leaf's index.
    function _insert(uint256 datanetId, bytes32 leaf) private returns (uint64 index) {
        Datanet storage d = _datanets[datanetId];
        index = d.acceptedCount;
        if (index >= MAX_LEAVES) revert MerkleTreeFull(datanetId);
        uint256 size = uint256(index) + 1;
        d.acceptedCount = uint64(size);
        bytes32[TREE_DEPTH] storage branch = _branch[datanetId];
        bytes32 node = leaf;
        for (uint256 h = 0; h < TREE_DEPTH; ++h) {
            if (size & 1 == 1) {
                branch[h] = node;
                return index;
            }
            node = keccak256(abi.encode(branch[h], node));
            size >>= 1;
        }
        // Unreachable: size < 2**32 always has a 1 bit below TREE_DEPTH.
        assert(false);
    }

    function _requireDatanetOwner(uint256 datanetId) private view returns (address owner) {
        owner = _ownerOf(datanetId);
        if (owner == address(0)) revert DatanetNotFound(datanetId);
    }

    /// @dev Only the owner (timelock): an upgrade is a governance proposal.
    function _authorizeUpgrade(address) internal override onlyOwner {}
}
