export {
  buildRollups,
  dropRollups,
  noteRollupChanges,
  ROLLUP_SOURCES,
  updateRollups,
} from './maintainRollups'
export { hourOf, ROLLUP_SCHEMA, ROLLUP_TABLES, ROLLUP_VERSION, type RollupTable } from './rollupTables'
