// The public surface of src/stack: what other folders and the tests import, and every error class.
// Everything else is internal.
export { type DeployAndRunDemoOptions, deployAndRunDemo } from './deployAndRunDemo'
export * from './errors'
export { openServedAnalytics } from './openServedAnalytics'
export { runDevnet } from './runDevnet'
export { runServe } from './runServe'
export { runStart } from './runStart'
export { setAnalyticsCapture } from './setAnalyticsCapture'
export { type Stack, type StackOptions, startStack } from './startStack'
export { syncAnalyticsOnce } from './syncAnalyticsOnce'
