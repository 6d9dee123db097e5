// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ERC721Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC721/ERC721Upgradeable.sol";
import {DatanetRegistry} from "./DatanetRegistry.sol";

/// @title ModelRegistry
/// @notice AI models as ERC-721 tokens, each version bound to sealed datanet versions, an artifact
///         hash (the ONNX file, content-addressed) and an attribution method, and priced per
///         inference in native OPEN. Revenue follows `ownerOf`, so selling the NFT sells the income.
contract ModelRegistry is Initializable, ERC721Upgradeable, OwnableUpgradeable, UUPSUpgradeable {
    /// @notice Datanets one model version may train on; bounds the settlement's per-contribution lookup.
    uint256 public constant MAX_DATANETS = 32;
    /// @notice Most bases above a fine-tuned version; bounds the levels a lineage settlement walks.
    uint8 public constant MAX_LINEAGE_DEPTH = 3;

    struct ModelVersion {
        bytes32 artifactHash;
        string attributionMethod;
        uint256[] datanetIds;
        uint32[] datanetVersions;
    }

    /// @notice A version fine-tuned from an existing base version on its own sealed datanet versions.
    struct FineTune {
        uint256 baseModelId;
        uint32 baseVersion;
        bytes32 artifactHash;
        string attributionMethod;
        uint256[] datanetIds;
        uint32[] datanetVersions;
    }

    /// @dev depth 0: not fine-tuned; otherwise the base's depth + 1.
    struct Lineage {
        uint256 baseModelId;
        uint32 baseVersion;
        uint8 depth;
    }

    struct Model {
        uint256 pricePerInference;
        uint32 currentVersion;
        string metadataURI;
    }

    /// @notice Registry whose sealed versions models are bound to.
    DatanetRegistry public datanets;

    uint256 private _modelCount;
    mapping(uint256 modelId => Model) private _models;
    mapping(uint256 modelId => mapping(uint32 version => ModelVersion)) private _versions;
    // modelId => model version => datanetId => datanet version (0: not trained on it); O(1) for settlement.
    mapping(uint256 => mapping(uint32 => mapping(uint256 => uint32))) private _trainedOn;
    mapping(uint256 modelId => mapping(uint32 version => Lineage)) private _lineage;

    event ModelRegistered(uint256 indexed modelId, address indexed owner, string name, string metadataURI);
    event ModelPriceSet(uint256 indexed modelId, uint256 pricePerInference);
    event ModelVersionPublished(
        uint256 indexed modelId,
        uint32 indexed version,
        bytes32 artifactHash,
        string attributionMethod,
        uint256[] datanetIds,
        uint32[] datanetVersions
    );
    /// @dev Emitted right after the version's ModelVersionPublished (which carries its own training set).
    event ModelVersionFineTuned(
        uint256 indexed modelId, uint32 indexed version, uint256 indexed baseModelId, uint32 baseVersion, uint8 depth
    );

    /// @notice The model id was never minted.
    error ModelNotFound(uint256 modelId);
    /// @notice The caller does not own the model.
    error NotModelOwner(uint256 modelId, address account);
    /// @notice A model name is empty.
    error EmptyName();
    /// @notice The artifact hash is zero.
    error ZeroArtifactHash();
    /// @notice The attribution method is empty.
    error EmptyAttributionMethod();
    /// @notice No training datanet given.
    error NoTrainingData();
    /// @notice More than MAX_DATANETS training datanets.
    error TooManyDatanets(uint256 count);
    /// @notice datanetIds and datanetVersions differ in length.
    error LengthMismatch(uint256 a, uint256 b);
    /// @notice The same datanet listed twice (its version would be ambiguous at settlement).
    error DuplicateDatanet(uint256 datanetId);
    /// @notice The (datanet, version) pair was not sealed.
    error VersionNotSealed(uint256 datanetId, uint32 version);
    /// @notice The declared base version was never published (a base must exist first: no cycles).
    error BaseVersionNotFound(uint256 baseModelId, uint32 baseVersion);
    /// @notice The fine-tune would sit more than MAX_LINEAGE_DEPTH bases deep.
    error LineageTooDeep(uint256 depth);

    /// @dev The implementation is never initialized: only a proxy holds state.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Run once, by the proxy's constructor (so nobody can front-run it).
    /// @param owner_ The timelock: the only account that may upgrade the registry.
    function initialize(address owner_, DatanetRegistry datanets_) external initializer {
        __ERC721_init("OpenLedger Model", "MODEL");
        __Ownable_init(owner_);
        datanets = datanets_;
    }

    /// @notice Mints a model to the caller with its first version (1) and price.
    /// @param pricePerInference Fee per inference in wei of native OPEN (0 = free).
    function registerModel(
        string calldata name,
        string calldata metadataURI,
        uint256 pricePerInference,
        bytes32 artifactHash,
        string calldata attributionMethod,
        uint256[] calldata datanetIds,
        uint32[] calldata datanetVersions
    ) external returns (uint256 modelId) {
        modelId = _mintModel(name, metadataURI, pricePerInference);
        _publish(modelId, artifactHash, attributionMethod, datanetIds, datanetVersions);
    }

    /// @notice Publishes a new version (retrained or re-attributed). Only the model's owner.
    function publishVersion(
        uint256 modelId,
        bytes32 artifactHash,
        string calldata attributionMethod,
        uint256[] calldata datanetIds,
        uint32[] calldata datanetVersions
    ) external returns (uint32 version) {
        _requireModelOwner(modelId);
        return _publish(modelId, artifactHash, attributionMethod, datanetIds, datanetVersions);
    }

    /// @notice Mints a model whose first version is fine-tuned from `ft`'s base. Anyone may fine-tune
    ///         any published version: its contributors are paid upstream royalties at settlement.
    function registerFineTunedModel(
        string calldata name,
        string calldata metadataURI,
        uint256 pricePerInference,
        FineTune calldata ft
    ) external returns (uint256 modelId) {
        modelId = _mintModel(name, metadataURI, pricePerInference);
        _publishFineTune(modelId, ft);
    }

    /// @notice Publishes a new version fine-tuned from `ft`'s base. Only the model's owner.
    function publishFineTune(uint256 modelId, FineTune calldata ft) external returns (uint32 version) {
        _requireModelOwner(modelId);
        return _publishFineTune(modelId, ft);
    }

    /// @notice Sets the fee per inference. Only the model's owner; applies to later requests.
    function setPrice(uint256 modelId, uint256 pricePerInference) external {
        _requireModelOwner(modelId);
        _setPrice(modelId, pricePerInference);
    }

    // ------------------------------------------------------------------- views

    /// @notice Whether the model exists.
    function exists(uint256 modelId) public view returns (bool) {
        return _ownerOf(modelId) != address(0);
    }

    /// @notice Price and current version of a model.
    function modelInfo(uint256 modelId) external view returns (uint256 pricePerInference, uint32 currentVersion) {
        if (!exists(modelId)) revert ModelNotFound(modelId);
        Model storage m = _models[modelId];
        return (m.pricePerInference, m.currentVersion);
    }

    /// @notice One published version of a model.
    function modelVersion(uint256 modelId, uint32 version)
        external
        view
        returns (
            bytes32 artifactHash,
            string memory attributionMethod,
            uint256[] memory datanetIds,
            uint32[] memory datanetVersions
        )
    {
        ModelVersion storage v = _versions[modelId][version];
        return (v.artifactHash, v.attributionMethod, v.datanetIds, v.datanetVersions);
    }

    /// @notice The datanet version a model version trained on, 0 if it did not use that datanet.
    function trainedOn(uint256 modelId, uint32 version, uint256 datanetId) external view returns (uint32) {
        return _trainedOn[modelId][version][datanetId];
    }

    /// @notice The base a version was fine-tuned from; depth 0 (and a zero base) if it was not.
    function lineageOf(uint256 modelId, uint32 version)
        external
        view
        returns (uint256 baseModelId, uint32 baseVersion, uint8 depth)
    {
        Lineage storage l = _lineage[modelId][version];
        return (l.baseModelId, l.baseVersion, l.depth);
    }

    /// @notice Number of models minted (ids run 1..count).
    function modelCount() external view returns (uint256) {
        return _modelCount;
    }

    /// @notice The model's metadata URI.
    function tokenURI(uint256 modelId) public view override returns (string memory) {
        _requireOwned(modelId);
        return _models[modelId].metadataURI;
    }

    // ---------------------------------------------------------------- internal

    function _mintModel(string calldata name, string calldata metadataURI, uint256 pricePerInference)
        private
        returns (uint256 modelId)
    {
        if (bytes(name).length == 0) revert EmptyName();
        modelId = ++_modelCount;
        _models[modelId].metadataURI = metadataURI;
        // _mint, not _safeMint: no receiver callback, so no re-entry before the events are emitted.
        _mint(msg.sender, modelId);
        emit ModelRegistered(modelId, msg.sender, name, metadataURI);
        _setPrice(modelId, pricePerInference);
    }

    function _publishFineTune(uint256 modelId, FineTune calldata ft) private returns (uint32 version) {
        uint32 baseVersion = ft.baseVersion;
        // Checked before _publish bumps currentVersion, so a version cannot name itself (or a later one).
        if (baseVersion == 0 || baseVersion > _models[ft.baseModelId].currentVersion) {
            revert BaseVersionNotFound(ft.baseModelId, baseVersion);
        }
        uint256 depth = uint256(_lineage[ft.baseModelId][baseVersion].depth) + 1;
        if (depth > MAX_LINEAGE_DEPTH) revert LineageTooDeep(depth);
        version = _publish(modelId, ft.artifactHash, ft.attributionMethod, ft.datanetIds, ft.datanetVersions);
        _lineage[modelId][version] = Lineage(ft.baseModelId, baseVersion, uint8(depth));
        emit ModelVersionFineTuned(modelId, version, ft.baseModelId, baseVersion, uint8(depth));
    }

    function _setPrice(uint256 modelId, uint256 pricePerInference) private {
        _models[modelId].pricePerInference = pricePerInference;
        emit ModelPriceSet(modelId, pricePerInference);
    }

    function _publish(
        uint256 modelId,
        bytes32 artifactHash,
        string calldata attributionMethod,
        uint256[] calldata datanetIds,
        uint32[] calldata datanetVersions
    ) private returns (uint32 version) {
        if (artifactHash == bytes32(0)) revert ZeroArtifactHash();
        if (bytes(attributionMethod).length == 0) revert EmptyAttributionMethod();
        uint256 n = datanetIds.length;
        if (n == 0) revert NoTrainingData();
        if (n != datanetVersions.length) revert LengthMismatch(n, datanetVersions.length);
        if (n > MAX_DATANETS) revert TooManyDatanets(n);

        version = ++_models[modelId].currentVersion;
        mapping(uint256 => uint32) storage trained = _trainedOn[modelId][version];
        for (uint256 i = 0; i < n; ++i) {
            uint256 datanetId = datanetIds[i];
            uint32 datanetVersion = datanetVersions[i];
            // Only sealed versions: their roots are fixed, so an auditor can rebuild the training set.
            if (!datanets.isSealed(datanetId, datanetVersion)) revert VersionNotSealed(datanetId, datanetVersion);
            if (trained[datanetId] != 0) revert DuplicateDatanet(datanetId);
            trained[datanetId] = datanetVersion;
        }
        _versions[modelId][version] = ModelVersion(artifactHash, attributionMethod, datanetIds, datanetVersions);
        emit ModelVersionPublished(modelId, version, artifactHash, attributionMethod, datanetIds, datanetVersions);
    }

    function _requireModelOwner(uint256 modelId) private view {
        address owner = _ownerOf(modelId);
        if (owner == address(0)) revert ModelNotFound(modelId);
        if (owner != msg.sender) revert NotModelOwner(modelId, msg.sender);
    }

    /// @dev Only the owner (timelock): an upgrade is a governance proposal.
    function _authorizeUpgrade(address) internal override onlyOwner {}
}
