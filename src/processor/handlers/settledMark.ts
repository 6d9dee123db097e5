/**
 * Marks that transaction `tx` settled inference `id`: what the router emits before InferenceSettled
 * in that transaction (rewards, upstream royalties) is kept once the mark is set.
 *
 * @example
 * c.marks.add(settledMark(inference.id, c.pos.txHash))
 */
export const settledMark = (id: string, tx: string) => `settled:${id}:${tx}`
