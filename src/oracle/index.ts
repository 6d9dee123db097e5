// The public surface of src/oracle: what other folders and the tests import, and every error class.
// Everything else is internal.
export {
  createOracle,
  type Oracle,
  type OracleOptions,
  type OracleSettlement,
  type SettledWeight,
  type TamperContext,
} from './createOracle'
export * from './errors'
