// The public surface of src/demo: what other folders and the tests import, and every error class.
// Everything else is internal.

export { AGENTS_PER_SCALE, agentShare } from './agentShare'
export {
  addressOf,
  call,
  DEMO_ACCOUNTS,
  type DemoContext,
  demoRoles,
  type Progress,
  send,
  silentProgress,
} from './demoContext'
export { cheat, DISHONEST_STRATEGIES, type DishonestStrategy } from './dishonestStrategies'
export { dishonestTamper } from './dishonestTamper'
export { inflateForAccomplice } from './dishonestWeights'
export * from './errors'
export { DEMO_NEW_FEE_POLICY } from './proposeFeePolicy'
export { type DemoAgents, runAgents } from './runAgents'
export { type DemoOptions, type DemoResult, runDemo } from './runDemo'
export { runInferences } from './runInferences'
export { type DemoContribution, type DemoDatanet, seedDatanets } from './seedDatanets'
export { bondValidators, DEMO_AMOUNTS } from './staking'
export { type DemoModel, trainAndPublish, trainModel } from './trainModel'
export { sendBatch } from './txBatch'
