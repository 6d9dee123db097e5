// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {InferenceRouter} from "./InferenceRouter.sol";
import {ModelRegistry} from "./ModelRegistry.sol";

/// @title AgentRegistry
/// @notice AI agents as ERC-721 tokens. Anyone deploys an agent bound to one version of a model, with
///         an operator key and a price per action in native OPEN. Anyone may pay the agent to act: the
///         registry pays the model's inference through the InferenceRouter (so the router's
///         attribution and settlement are unchanged; the registry is the inference's caller), and the
///         rest of the price (the margin) goes to the agent's current owner.
/// @dev Every wei stays accounted: a payment that fails to transfer is credited to `owed`, so the
///      registry's balance equals `totalOwed` between transactions. The router refunds a cancelled
///      inference to its caller (this registry), which forwards it to the action's payer (`reclaim`).
contract AgentRegistry is ERC721, ReentrancyGuardTransient {
    /// @notice Gas forwarded with each payout: enough for a smart-wallet receive, too little to grief.
    uint256 public constant PAYOUT_GAS = 50_000;

    struct Agent {
        uint256 modelId;
        uint256 pricePerAction;
        address operator;
        uint32 modelVersion;
        bool paused;
        uint64 actionCount;
        string metadataURI;
    }

    struct Action {
        uint256 agentId;
        uint256 inferenceId;
        address payer;
        uint256 modelFee;
        bool reclaimed;
    }

    ModelRegistry public immutable models;
    InferenceRouter public immutable router;

    uint256 public agentCount;
    uint256 public actionCount;
    mapping(uint256 agentId => Agent) private _agents;
    mapping(uint256 actionId => Action) private _actions;
    /// @notice Native OPEN owed to recipients whose payout transfer failed.
    mapping(address recipient => uint256) public owed;
    /// @notice Sum of `owed`: the registry's whole balance between transactions.
    uint256 public totalOwed;

    event AgentDeployed(
        uint256 indexed agentId,
        address indexed owner,
        uint256 indexed modelId,
        uint32 modelVersion,
        address operator,
        uint256 pricePerAction,
        string metadataURI
    );
    event AgentOperatorSet(uint256 indexed agentId, address indexed operator);
    event AgentPriceSet(uint256 indexed agentId, uint256 pricePerAction);
    event AgentRebound(uint256 indexed agentId, uint32 modelVersion);
    event AgentPausedSet(uint256 indexed agentId, bool paused);
    event AgentMetadataSet(uint256 indexed agentId, string metadataURI);
    /// @dev paid - modelFee is the margin credited to the agent's owner.
    event AgentActionExecuted(
        uint256 indexed agentId,
        uint256 indexed actionId,
        uint256 indexed inferenceId,
        address caller,
        uint256 paid,
        uint256 modelFee
    );
    event ActionReclaimed(uint256 indexed actionId, uint256 indexed inferenceId, address indexed payer, uint256 refund);
    event PaymentDeferred(address indexed recipient, uint256 amount);
    event OwedWithdrawn(address indexed recipient, address indexed to, uint256 amount);

    error ZeroAddress();
    /// @notice The router prices inferences from another ModelRegistry.
    error RouterModelsMismatch();
    /// @notice The model id was never minted.
    error UnknownModel(uint256 modelId);
    /// @notice The model has no such version (versions run 1..current).
    error UnknownModelVersion(uint256 modelId, uint32 version);
    /// @notice The agent id was never minted.
    error AgentNotFound(uint256 agentId);
    /// @notice Only the agent's owner may do this.
    error NotAgentOwner(uint256 agentId, address account);
    /// @notice Only the agent's operator (or its owner) may do this.
    error NotAgentOperator(uint256 agentId, address account);
    error AgentIsPaused(uint256 agentId);
    /// @notice msg.value is not the agent's price per action.
    error WrongPayment(uint256 expected, uint256 sent);
    /// @notice The model's current version is not the one the agent is bound to: the operator must rebind.
    error ModelVersionChanged(uint256 agentId, uint32 boundVersion, uint32 currentVersion);
    /// @notice The agent's price no longer covers the model's fee: the operator must raise it.
    error PriceBelowModelFee(uint256 agentId, uint256 pricePerAction, uint256 modelFee);
    error ActionNotFound(uint256 actionId);
    error NotActionPayer(uint256 actionId, address account);
    error AlreadyReclaimed(uint256 actionId);
    /// @notice The router's refund did not arrive in full (it must, the registry accepts it).
    error RefundMismatch(uint256 expected, uint256 received);
    /// @notice Only the router's refunds may be sent to the registry.
    error UnexpectedPayment(address from);
    error NothingOwed();
    error TransferFailed(address to, uint256 amount);

    constructor(ModelRegistry models_, InferenceRouter router_) ERC721("OpenLedger Agent", "AGENT") {
        if (address(models_) == address(0) || address(router_) == address(0)) revert ZeroAddress();
        if (address(router_.models()) != address(models_)) revert RouterModelsMismatch();
        models = models_;
        router = router_;
    }

    /// @notice The router refunds cancelled inferences here; anything else is refused.
    receive() external payable {
        if (msg.sender != address(router)) revert UnexpectedPayment(msg.sender);
    }

    /// @notice Mints an agent to the caller, bound to `modelVersion` of `modelId`.
    /// @param operator Key that may set the price, rebind and pause (the owner may too).
    /// @param pricePerAction Wei of native OPEN per action; must cover the model's fee when acting.
    function deployAgent(
        uint256 modelId,
        uint32 modelVersion,
        address operator,
        uint256 pricePerAction,
        string calldata metadataURI
    ) external returns (uint256 agentId) {
        if (operator == address(0)) revert ZeroAddress();
        if (!models.exists(modelId)) revert UnknownModel(modelId);
        (, uint32 current) = models.modelInfo(modelId);
        if (modelVersion == 0 || modelVersion > current) revert UnknownModelVersion(modelId, modelVersion);
        agentId = ++agentCount;
        Agent storage a = _agents[agentId];
        a.modelId = modelId;
        a.modelVersion = modelVersion;
        a.operator = operator;
        a.pricePerAction = pricePerAction;
        a.metadataURI = metadataURI;
        // _mint, not _safeMint: no receiver callback, so no re-entry before the event is emitted.
        _mint(msg.sender, agentId);
        emit AgentDeployed(agentId, msg.sender, modelId, modelVersion, operator, pricePerAction, metadataURI);
    }

    /// @notice Pays the agent to act once on `inputHash`: the model's inference is requested through
    ///         the router and the margin credited to the agent's owner. msg.value must equal the price.
    function act(uint256 agentId, bytes32 inputHash) external payable nonReentrant returns (uint256 actionId) {
        Agent storage a = _get(agentId);
        if (a.paused) revert AgentIsPaused(agentId);
        if (msg.value != a.pricePerAction) revert WrongPayment(a.pricePerAction, msg.value);
        (uint256 modelFee, uint32 current) = models.modelInfo(a.modelId);
        if (current != a.modelVersion) revert ModelVersionChanged(agentId, a.modelVersion, current);
        if (modelFee > msg.value) revert PriceBelowModelFee(agentId, msg.value, modelFee);
        uint256 inferenceId = router.request{value: modelFee}(a.modelId, inputHash);
        actionId = ++actionCount;
        a.actionCount += 1;
        _actions[actionId] = Action(agentId, inferenceId, msg.sender, modelFee, false);
        emit AgentActionExecuted(agentId, actionId, inferenceId, msg.sender, msg.value, modelFee);
        _pay(ownerOf(agentId), msg.value - modelFee);
    }

    /// @notice Cancels the action's inference at the router (once it timed out unfulfilled) and
    ///         forwards the refunded model fee to the action's payer. Only the payer; the margin stays earned.
    function reclaim(uint256 actionId) external nonReentrant returns (uint256 refund) {
        Action storage act_ = _actions[actionId];
        if (act_.payer == address(0)) revert ActionNotFound(actionId);
        if (act_.payer != msg.sender) revert NotActionPayer(actionId, msg.sender);
        if (act_.reclaimed) revert AlreadyReclaimed(actionId);
        act_.reclaimed = true;
        uint256 before = address(this).balance;
        router.cancel(act_.inferenceId);
        refund = address(this).balance - before;
        if (refund != act_.modelFee) revert RefundMismatch(act_.modelFee, refund);
        emit ActionReclaimed(actionId, act_.inferenceId, msg.sender, refund);
        _pay(msg.sender, refund);
    }

    /// @notice Sets who operates the agent. Only its owner.
    function setOperator(uint256 agentId, address operator) external {
        _get(agentId);
        if (ownerOf(agentId) != msg.sender) revert NotAgentOwner(agentId, msg.sender);
        if (operator == address(0)) revert ZeroAddress();
        _agents[agentId].operator = operator;
        emit AgentOperatorSet(agentId, operator);
    }

    /// @notice Sets the metadata URI. Only the agent's owner.
    function setMetadataURI(uint256 agentId, string calldata metadataURI) external {
        _get(agentId);
        if (ownerOf(agentId) != msg.sender) revert NotAgentOwner(agentId, msg.sender);
        _agents[agentId].metadataURI = metadataURI;
        emit AgentMetadataSet(agentId, metadataURI);
    }

    /// @notice Sets the price per action. Operator or owner; applies to later actions.
    function setPrice(uint256 agentId, uint256 pricePerAction) external {
        _requireOperator(agentId).pricePerAction = pricePerAction;
        emit AgentPriceSet(agentId, pricePerAction);
    }

    /// @notice Binds the agent to the model's current version. Operator or owner.
    function rebind(uint256 agentId) external {
        Agent storage a = _requireOperator(agentId);
        (, uint32 current) = models.modelInfo(a.modelId);
        a.modelVersion = current;
        emit AgentRebound(agentId, current);
    }

    /// @notice Pauses or resumes the agent's actions. Operator or owner.
    function setPaused(uint256 agentId, bool paused) external {
        _requireOperator(agentId).paused = paused;
        emit AgentPausedSet(agentId, paused);
    }

    /// @notice Withdraws the caller's deferred payments to itself.
    function withdrawOwed() external {
        withdrawOwedTo(payable(msg.sender));
    }

    /// @notice Withdraws the caller's deferred payments to `to` (for a recipient that cannot receive native OPEN).
    function withdrawOwedTo(address payable to) public nonReentrant {
        uint256 amount = owed[msg.sender];
        if (amount == 0) revert NothingOwed();
        owed[msg.sender] = 0;
        totalOwed -= amount;
        emit OwedWithdrawn(msg.sender, to, amount);
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert TransferFailed(to, amount);
    }

    // ------------------------------------------------------------------- views

    /// @notice The full record of an agent.
    function agentOf(uint256 agentId) external view returns (Agent memory) {
        _requireOwned(agentId);
        return _agents[agentId];
    }

    /// @notice The full record of an action.
    function actionOf(uint256 actionId) external view returns (Action memory) {
        return _actions[actionId];
    }

    /// @notice The agent's metadata URI.
    function tokenURI(uint256 agentId) public view override returns (string memory) {
        _requireOwned(agentId);
        return _agents[agentId].metadataURI;
    }

    // ---------------------------------------------------------------- internal

    function _get(uint256 agentId) private view returns (Agent storage a) {
        if (_ownerOf(agentId) == address(0)) revert AgentNotFound(agentId);
        return _agents[agentId];
    }

    function _requireOperator(uint256 agentId) private view returns (Agent storage a) {
        a = _get(agentId);
        if (msg.sender != a.operator && msg.sender != ownerOf(agentId)) revert NotAgentOperator(agentId, msg.sender);
    }

    /// @dev Pays with a bounded gas stipend and without copying return data (no return bomb); on
    ///      failure credits `owed` instead of reverting, so one bad recipient cannot block actions.
    function _pay(address to, uint256 amount) private {
        if (amount == 0) return;
        bool ok;
        uint256 gasLimit = PAYOUT_GAS;
        assembly ("memory-safe") {
            ok := call(gasLimit, to, amount, 0, 0, 0, 0)
        }
        if (!ok) {
            owed[to] += amount;
            totalOwed += amount;
            emit PaymentDeferred(to, amount);
        }
    }
}
