/**
 * The row ranges `[start, end)` of the ONNX models that together hold `n` training rows, each at
 * most `shardSize` rows so one model stays under protobuf's 2 GiB limit. An empty training set
 * still gets one (empty) shard, so a scorer always has a graph to open.
 *
 * @example
 * shardBounds(5, 2) // [{ start: 0, end: 2 }, { start: 2, end: 4 }, { start: 4, end: 5 }]
 */
export function shardBounds(n: number, shardSize: number): { start: number; end: number }[] {
  const bounds: { start: number; end: number }[] = []
  for (let start = 0; start < n || (n === 0 && start === 0); start += shardSize) {
    bounds.push({ start, end: Math.min(n, start + shardSize) })
    if (n === 0) break
  }
  return bounds
}
