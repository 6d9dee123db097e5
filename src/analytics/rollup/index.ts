export {
  buildRollups,
  dropRollups,
  noteRollupChanges,
  ROLLUP_SOURCES,
  updateRollups,
} from './maintainRollups'
export { ROLLUP_TABLES, ROLLUP_VERSION } from './rollupTables'
