import { compareContributionIds } from '../weightsPpm'

/**
 * Where each training example sits in the score graphs. Rows are grouped by contribution so that
 * summing scores per contribution, and rescoring one contribution exactly, walk one contiguous
 * range instead of searching the whole set.
 */
export type ContributionLayout = {
  /** Distinct contribution ids in {@link compareContributionIds} order (index = contribution index). */
  ids: string[]
  indexOf: Map<string, number>
  /** Contribution index of each training example (original order). */
  contributionOfExample: Int32Array
  /** Graph row j holds training example `order[j]`. */
  order: Int32Array
  contributionOfRow: Int32Array
  /** Contribution c owns graph rows `[rowStart[c], rowStart[c + 1])`. */
  rowStart: Int32Array
  /** One example per contribution: a row is a contribution, so the graph's TopK ranks contributions. */
  identity: boolean
}

/**
 * Lays out training examples (one contribution id each, ids may repeat) as graph rows grouped by
 * contribution, keeping the original order within a contribution.
 *
 * @example
 * const { ids, order, rowStart } = contributionLayout(['7', '3', '7'])
 * // ids ['3', '7'], order [1, 0, 2], rowStart [0, 1, 3]
 */
export function contributionLayout(exampleIds: readonly string[]): ContributionLayout {
  const n = exampleIds.length
  const ids = [...new Set(exampleIds)].sort(compareContributionIds)
  const indexOf = new Map(ids.map((id, c) => [id, c]))
  const contributionOfExample = Int32Array.from(exampleIds, (id) => indexOf.get(id)!)
  // Stable sort by contribution: row j of the graph is training example order[j].
  const order = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => contributionOfExample[a] - contributionOfExample[b] || a - b,
  )
  const contributionOfRow = Int32Array.from(order, (i) => contributionOfExample[i])
  const rowStart = new Int32Array(ids.length + 1)
  for (let j = 0; j < n; j++) rowStart[contributionOfRow[j] + 1] = j + 1
  for (let c = 1; c <= ids.length; c++) rowStart[c] = Math.max(rowStart[c], rowStart[c - 1])
  return {
    ids,
    indexOf,
    contributionOfExample,
    order,
    contributionOfRow,
    rowStart,
    identity: ids.length === n,
  }
}
