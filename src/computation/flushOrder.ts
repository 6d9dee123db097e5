import type { EntityClass } from '../db/write/entityTypes'
import * as m from '../model'

/**
 * Order in which a batch writes entity types: every type after the types its foreign keys point
 * to (accounts first, rewards after settlements).
 */
export const FLUSH_ORDER: EntityClass[] = [
  m.Account,
  m.TokenSupply,
  m.DailyStat,
  m.ChainTransaction,
  m.TokenTransfer,
  m.WrapEvent,
  m.DelegateChange,
  m.VotingPowerChange,
  m.FeePolicy,
  m.AttributionPolicy,
  m.Datanet,
  m.DatanetCurator,
  m.DatanetVersion,
  m.Contribution,
  m.Model,
  m.ModelVersion,
  m.ModelPriceChange,
  m.NftTransfer,
  m.Validator,
  m.ValidatorEvent,
  m.Inference,
  m.Settlement,
  m.ContributionReward,
  m.ContributorDatanetTotal,
  m.DeferredPayment,
  m.StakeConfig,
  m.Stake,
  m.StakeTopUp,
  m.Proposal,
  m.ProposalAction,
  m.Vote,
  m.TimelockOperation,
  m.ModelFunding,
  m.UpgradeableContract,
  m.ContractUpgrade,
  m.InferenceRating,
  m.VotesSupplyCheckpoint,
  m.QuorumNumeratorChange,
  m.IndexingAnomaly,
  m.IndexerStatus,
]
